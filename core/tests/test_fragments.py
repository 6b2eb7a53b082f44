"""``{% process_cached %}`` renders once per key; each request gets its own token and path."""

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from core.templatetags.fragments import forget_fragments

SOURCE = (
    "{% load fragments %}{% process_cached 'box' who %}"
    "<p>{{ counter }} {{ who }}</p>"
    "<form>{% csrf_token %}"
    "<input name='next' value='{% firstof current_path request.get_full_path %}'>"
    "</form>{% endprocess_cached %}"
)


class Counter:
    """Counts how often the fragment's body is rendered."""

    renders = 0

    def __str__(self) -> str:
        Counter.renders += 1
        return f"render {Counter.renders}"


@pytest.fixture(autouse=True)
def fresh():
    forget_fragments()
    Counter.renders = 0


def render(who: str, token: str, path: str) -> str:
    request = RequestFactory().get(path)
    context = Context({"counter": Counter(), "who": who, "csrf_token": token, "request": request})
    return Template(SOURCE).render(context)


def test_the_body_is_rendered_once_per_key_and_each_request_gets_its_own_token_and_path():
    first = render("Ann", "token-one", "/requests/?q=a&b")
    second = render("Ann", "token-two", "/kb/")
    assert Counter.renders == 1
    assert "render 1 Ann" in first and "render 1 Ann" in second
    assert 'value="token-one"' in first and "token-two" not in first
    assert 'value="token-two"' in second and "token-one" not in second
    assert "value='/requests/?q=a&amp;b'" in first
    assert "value='/kb/'" in second


def test_another_key_value_renders_anew():
    render("Ann", "t", "/")
    bob = render("Bob", "t", "/")
    assert Counter.renders == 2
    assert "render 2 Bob" in bob


def test_a_path_cannot_break_out_of_its_attribute():
    html = render("Ann", "t", "/kb/?q=%22%3E%3Cscript%3E")
    assert "<script>" not in html


UNLESS_SOURCE = (
    "{% load fragments %}{% process_cached 'fields' unless bound %}"
    "<p>{{ counter }}</p>{% endprocess_cached %}"
)


def render_unless(bound: bool) -> str:
    context = Context({"counter": Counter(), "bound": bound, "csrf_token": "t"})
    return Template(UNLESS_SOURCE).render(context)


def test_unless_renders_afresh_while_the_expression_is_true():
    """An unbound form's fields are stored; a bound one (its values, its errors) never is."""
    assert "render 1" in render_unless(False)
    assert "render 1" in render_unless(False)
    assert "render 2" in render_unless(True)
    assert "render 3" in render_unless(True)
    assert "render 1" in render_unless(False)


def test_unless_with_a_missing_variable_never_stores():
    """A misspelt condition must not store what could be a bound form for everyone."""
    source = (
        "{% load fragments %}{% process_cached 'f' unless form.is_bund %}"
        "{{ counter }}{% endprocess_cached %}"
    )
    for expected in ("render 1", "render 2"):
        assert expected in Template(source).render(Context({"counter": Counter()}))


def test_a_changed_setting_forgets_the_fragments(settings):
    """Fragments may show settings (the attachment limits): ``override_settings`` must show."""
    render("Ann", "t", "/")
    settings.TICKETS_ATTACHMENT_MAX_FILES = 2
    render("Ann", "t", "/")
    assert Counter.renders == 2
