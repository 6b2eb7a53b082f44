"""Template tags for the page head: the nl/en versions of the current page."""

from dataclasses import dataclass

from django import template
from django.conf import settings
from django.http import HttpRequest

from core.language import LANGUAGE_PARAMETER
from core.language import page_to_return_to as _page_to_return_to

register = template.Library()


@dataclass(frozen=True)
class Alternate:
    hreflang: str
    url: str


def _url_in(request: HttpRequest, language: str | None) -> str:
    """The absolute address of this page, with ``?lang=`` set to ``language`` (or removed)."""
    query = request.GET.copy()
    query.pop(LANGUAGE_PARAMETER, None)
    if language:
        query[LANGUAGE_PARAMETER] = language
    encoded = query.urlencode()
    return request.build_absolute_uri(request.path + (f"?{encoded}" if encoded else ""))


@register.simple_tag(takes_context=True)
def language_alternates(context: template.Context) -> list[Alternate]:
    """One ``hreflang`` alternate per language, and ``x-default`` for the address without one."""
    request = context.get("request")
    if request is None:
        return []
    alternates = [Alternate(code, _url_in(request, code)) for code, _name in settings.LANGUAGES]
    alternates.append(Alternate("x-default", _url_in(request, None)))
    return alternates


@register.simple_tag(takes_context=True)
def canonical_url(context: template.Context) -> str:
    """This page in the language it is shown in: each language version is its own page."""
    request = context.get("request")
    if request is None:
        return ""
    return _url_in(request, getattr(request, "LANGUAGE_CODE", None) or settings.LANGUAGE_CODE)


@register.simple_tag(takes_context=True)
def page_to_return_to(context: template.Context) -> str:
    """Where the language switcher returns to (``core.language.page_to_return_to``)."""
    request = context.get("request")
    return _page_to_return_to(request) if request is not None else "/"
