"""Choose the interface language: an explicit choice, else Dutch.

Django's LocaleMiddleware would follow the browser's Accept-Language. The
desk wants Dutch unless the user chose otherwise, so the order here is: the
language cookie set by the switcher, then the signed-in user's preference,
then ``LANGUAGE_CODE``.
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers

SUPPORTED = {code for code, _name in settings.LANGUAGES}


def language_for(request: HttpRequest) -> str:
    """The language this request is answered in."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if chosen in SUPPORTED:
        return chosen
    user = getattr(request, "user", None)
    preferred = getattr(user, "preferred_language", "") if user else ""
    if preferred in SUPPORTED:
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
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response
