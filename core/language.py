"""Choose the interface language: an explicit choice, else Dutch.

Django's LocaleMiddleware would follow the browser's Accept-Language. The
desk wants Dutch unless the user chose otherwise, so the order here is: a
``?lang=`` in the address (the nl and en versions of a page that search
engines and shared links name, see ``partials/head_meta.html``), the
language cookie set by the switcher, then the signed-in user's preference,
then ``LANGUAGE_CODE``. A ``?lang=`` is remembered in the cookie, so the
links followed from such a page stay in its language.
"""

from collections.abc import Callable
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme

#: The languages the portal speaks, in the order of ``settings.LANGUAGES``:
#: the one list every check of "is this a language we support" reads.
SUPPORTED_LANGUAGES: tuple[str, ...] = tuple(code for code, _name in settings.LANGUAGES)

#: The query parameter that names a page's language version in its address.
LANGUAGE_PARAMETER = "lang"


def page_to_return_to(request: HttpRequest) -> str:
    """Where the language switcher brings the visitor back: this page, as it was asked for.

    A page answering a refused form (a reply with a forbidden file) stands at
    the form's address, which only takes submissions: going back there would
    answer 405 and lose the page. Such an answer returns to the page the form
    was sent from (the ``Referer`` of this site), else to the home page.
    """
    if request.method in ("GET", "HEAD"):
        return request.get_full_path()
    referer = request.META.get("HTTP_REFERER", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        parts = urlsplit(referer)
        return parts.path + (f"?{parts.query}" if parts.query else "")
    return "/"


def language_in_address(request: HttpRequest) -> str | None:
    """The supported language a ``?lang=`` names, if any."""
    named = request.GET.get(LANGUAGE_PARAMETER)
    return named if named in SUPPORTED_LANGUAGES else None


def language_for(request: HttpRequest) -> str:
    """The language this request is answered in."""
    named = language_in_address(request)
    if named:
        return named
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if chosen in SUPPORTED_LANGUAGES:
        return chosen
    user = getattr(request, "user", None)
    preferred = getattr(user, "preferred_language", "") if user else ""
    if preferred in SUPPORTED_LANGUAGES:
        return preferred
    return settings.LANGUAGE_CODE


class LanguageMiddleware:
    """Activate the request's language for views, templates and mails."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = language_for(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        named = language_in_address(request)
        if named and request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) != named:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                named,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                path=settings.LANGUAGE_COOKIE_PATH,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            )
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response
