"""Error answers that never leave a client with a 500 for a fault that is not a bug.

* ``handler400``/``handler404``/``handler500`` answer in the API's error shape
  (``{"code", "message", "fields"}``, see api/exceptions.py) under the API
  prefixes, and with the portal's translated pages elsewhere.
* A database that cannot be reached (``OperationalError``/``InterfaceError``,
  wherever it is raised: a view, a middleware loading the session, a
  template) is a 503 with ``Retry-After``, not a 500: nothing was saved and
  trying again later is the right thing to do. The page is rendered without
  the database (no ``request.user``, no session, no messages).
* ``HostileInputMiddleware`` turns input no client sends in good faith into
  the answer a well-formed mistake would get: a NUL byte in the path is a
  404 (no object has such a name; PostgreSQL would refuse to compare it),
  one in the query string a 400, and JSON nested too deep to parse
  (``RecursionError`` in DRF's parser or in allauth's headless views) a 400.
  Too many files (``TooManyFilesSent``) and Django's other suspicious
  operations are Django's own 400, in the API shape through ``handler400``.

An ``OperationalError`` also covers transient failures such as a deadlock;
a 503 asking to retry is the right answer for those too.
"""

import logging
import sys
from collections.abc import Callable

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.utils import translation
from django.utils.translation import gettext as _
from django.views import defaults

from api.middleware import API_PREFIXES, language_from_header
from core.language import SUPPORTED_LANGUAGES

logger = logging.getLogger(__name__)

# Seconds a client is asked to wait before trying again while the database is down.
RETRY_AFTER_SECONDS = 30
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)
JSON_TYPES = ("application/json", "application/vnd.api+json")


def is_api(request: HttpRequest) -> bool:
    return request.path_info.startswith(API_PREFIXES)


def api_error(code: str, message: str, status: int) -> JsonResponse:
    """The API's error shape, for answers given outside DRF."""
    return JsonResponse({"code": code, "message": message, "fields": {}}, status=status)


def _language(request: HttpRequest) -> str:
    """The request's language, found without touching the database.

    The same order as the language middlewares, but the signed-in user's
    preference only when the user was already loaded (loading it may be
    what failed).
    """
    if is_api(request):
        return language_from_header(request.headers.get("Accept-Language", ""))
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if chosen in SUPPORTED_LANGUAGES:
        return chosen
    user = getattr(request, "_cached_user", None)
    preferred = getattr(user, "preferred_language", "")
    return preferred if preferred in SUPPORTED_LANGUAGES else settings.LANGUAGE_CODE


def service_unavailable(request: HttpRequest) -> HttpResponse:
    """503 + Retry-After while the database is down: a page, or JSON under the API."""
    language = _language(request)
    with translation.override(language):
        if is_api(request):
            response = api_error(
                "service_unavailable",
                _("The service desk is temporarily unavailable. Try again in a minute."),
                503,
            )
        else:
            html = loader.render_to_string("503.html", {"LANGUAGE_CODE": language})
            response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Content-Language"] = language
    response["Cache-Control"] = "no-store"
    return response


# The handlers name the language themselves: the error may have been raised
# before the language middlewares ran (a refused upload in the CSRF check).


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    with translation.override(_language(request)):
        if is_api(request):
            return api_error("parse_error", _("The request could not be read."), 400)
        return defaults.bad_request(request, exception)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    with translation.override(_language(request)):
        if is_api(request):
            return api_error("not_found", _("Not found."), 404)
        return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    """Django's 500, unless the exception being handled is an unreachable database."""
    exception = sys.exc_info()[1]
    if isinstance(exception, DATABASE_UNAVAILABLE):
        return service_unavailable(request)
    with translation.override(_language(request)):
        if is_api(request):
            return api_error("server_error", _("Something went wrong on our side."), 500)
        return defaults.server_error(request)


class HostileInputMiddleware:
    """Refuse NUL bytes and over-deep JSON before they reach a view as a 500.

    First in ``MIDDLEWARE``, so a refused request costs no session or
    database work.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path_info:
            raise Http404("NUL byte in the path")
        if "%00" in request.META.get("QUERY_STRING", ""):
            return bad_request(request)
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        content_type = request.META.get("CONTENT_TYPE", "").split(";")[0].strip().lower()
        if isinstance(exception, RecursionError) and content_type in JSON_TYPES:
            logger.warning("refused JSON nested too deeply for %s", request.path_info)
            return bad_request(request)
        return None
