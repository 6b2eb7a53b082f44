"""Markdown that staff write, turned into HTML that is safe to show.

Python-Markdown passes raw HTML through, so its output is never trusted: nh3
(the Rust *ammonia* sanitiser) keeps an allow-list of tags and attributes and
only http(s), mailto and tel links. Scripts, event handlers, ``style``,
``javascript:`` and ``data:`` URLs are gone before anything reaches a page.

Both libraries are imported on the first call, not with this module: the
admin, the API serializers and the status feed import it, and a web worker
that renders no Markdown then never loads nh3 (about 1.5 MB resident; DRF
loads Python-Markdown itself, in ``rest_framework.compat``).
"""

from functools import lru_cache

from django.utils.safestring import SafeString, mark_safe

# Rendered texts kept per process (articles, steps, status notes: a few KB each).
RENDERED_KEPT = 128

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "div", "dl", "dt", "em",
    "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "kbd", "li", "ol", "p", "pre", "strong",
    "sub", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "abbr": {"title"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
    "h2": {"id"},
    "h3": {"id"},
    "h4": {"id"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


def sanitise_html(html: str) -> str:
    """Only the allowed tags, attributes and URL schemes survive."""
    import nh3

    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
    )


def render_markdown(text: str) -> SafeString:
    """Markdown to sanitised HTML, ready for a template."""
    return mark_safe(_rendered(text or ""))  # noqa: S308 - sanitised in _rendered


@lru_cache(maxsize=RENDERED_KEPT)
def _rendered(text: str) -> str:
    """The sanitised HTML of ``text``, kept for the texts rendered most recently.

    The output depends on the text alone, so the text is the key: an edited
    article is a new text. An article page rendered its body twice (the page
    and its meta description) and each call built a new Markdown converter
    with its extensions, most of the page's time (issue 23).
    """
    import markdown as markdown_lib

    html = markdown_lib.markdown(text, extensions=["extra", "sane_lists"])
    return sanitise_html(html)
