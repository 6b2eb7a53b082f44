"""The ``{% icon %}`` tag draws the shapes it names, hidden from screen readers."""

from django.template import Context, Template

from core.templatetags.icons import SHAPES


def render(source: str, **context) -> str:
    return Template("{% load icons %}" + source).render(Context(context))


def test_a_named_icon_has_its_shapes_and_is_decorative():
    html = render('{% icon "search" %}')
    assert html.startswith('<svg class="icon icon--search" viewBox="0 0 24 24"')
    assert 'aria-hidden="true" focusable="false"' in html
    assert "".join(SHAPES["search"]) in html


def test_an_unknown_name_gets_the_fallback_dot_and_is_escaped():
    html = render("{% icon name %}", name="<x>")
    assert 'class="icon icon--&lt;x&gt;"' in html
    assert '<circle cx="12" cy="12" r="3"/>' in html
