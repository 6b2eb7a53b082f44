"""The API's language: ``Accept-Language`` when it names nl or en, else the user's.

The portal's pages ignore the browser's language on purpose (see
``core.language``); an app, however, states the phone's language
explicitly, so for /api/ and allauth's headless endpoints that header wins.
Without one (or with only languages the portal does not speak) a signed-in
caller is answered in their profile language, the rule their mails follow
(``core.translation.recipient_language``); the token is read by the
API's authentication class, which calls ``activate_api_language`` once it
knows the user. Anonymous callers get the portal's default, Dutch.
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers

from core.language import SUPPORTED_LANGUAGES
from core.translation import recipient_language

API_PREFIXES = ("/api/", "/_allauth/")


def language_in_header(value: str) -> str | None:
    """The best supported language an Accept-Language value asks for, or None."""
    choices: list[tuple[float, int, str]] = []
    for index, part in enumerate(value.split(",")[:20]):
        tag, _sep, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                continue
        primary = tag.strip().lower().split("-")[0]
        if primary in SUPPORTED_LANGUAGES and quality > 0:
            choices.append((-quality, index, primary))
    return min(choices)[2] if choices else None


def language_from_header(value: str) -> str:
    """The best supported language in an Accept-Language value, else the default."""
    return language_in_header(value) or settings.LANGUAGE_CODE


def activate_api_language(request: HttpRequest, user=None) -> str:
    """Activate the answer's language: the header's, else the user's profile language."""
    language = language_in_header(request.headers.get("Accept-Language", ""))
    if language is None:
        language = recipient_language(user=user) if user is not None else settings.LANGUAGE_CODE
    translation.activate(language)
    request.LANGUAGE_CODE = language
    return language


class ApiLanguageMiddleware:
    """Activate the Accept-Language language (or the default) for API paths."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path_info.startswith(API_PREFIXES):
            return self.get_response(request)
        activate_api_language(request)
        response = self.get_response(request)
        patch_vary_headers(response, ("Accept-Language",))
        # The authentication may have switched to the user's language meanwhile.
        response.headers["Content-Language"] = translation.get_language()
        return response
