"""The API speaks the language the app asks for in ``Accept-Language``.

The portal's pages ignore the browser's language on purpose (see
``servicedesk.middleware``); an app, however, states the phone's language
explicitly on every call, so for /api/ and allauth's headless endpoints that
header wins. Only nl and en exist; anything else gets Dutch.
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers

API_PREFIXES = ("/api/", "/_allauth/")
SUPPORTED = {code for code, _name in settings.LANGUAGES}


def language_from_header(value: str) -> str:
    """The best supported language in an Accept-Language value, else the default."""
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
        if primary in SUPPORTED and quality > 0:
            choices.append((-quality, index, primary))
    return min(choices)[2] if choices else settings.LANGUAGE_CODE


class ApiLanguageMiddleware:
    """Activate the Accept-Language language for API paths."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path_info.startswith(API_PREFIXES):
            return self.get_response(request)
        language = language_from_header(request.headers.get("Accept-Language", ""))
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Accept-Language",))
        response.headers["Content-Language"] = language
        return response
