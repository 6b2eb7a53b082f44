"""Project-level pages: the home page, the health check, the language switch."""

from django.conf import settings
from django.http import FileResponse, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from django.views.i18n import set_language

from accounts.services import user_set_preferred_language
from core.language import SUPPORTED_LANGUAGES
from knowledgebase import selectors as kb_selectors
from knowledgebase.forms import SearchForm

from . import health

#: How many of the most-read answers the home page lists.
HOME_ANSWERS = 6


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Search first, the most-read answers, then filing, following and account tasks.

    One query (the most-read list, on its partial index); the search box is
    the knowledgebase's own form and endpoint.
    """
    context = {
        "form": SearchForm(),
        "most_read": list(kb_selectors.articles_most_read(limit=HOME_ANSWERS)),
    }
    return render(request, "servicedesk/home.html", context)


#: The icon browsers ask for at /favicon.ico on their own, whatever the page says.
FAVICON = settings.BASE_DIR / "static" / "favicon.ico"


@require_GET
def favicon(request: HttpRequest) -> FileResponse:
    """The site icon at the address every browser asks for by itself.

    Without it the request fell through to the pages behind the login and
    MFA checks, and a staff member's browser was sent to the authenticator
    set-up page in the background, which replaced the secret on screen.
    """
    response = FileResponse(FAVICON.open("rb"), content_type="image/x-icon")
    response["Cache-Control"] = "public, max-age=86400"
    return response


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database and the broker answer, 503 otherwise."""
    checks = {"database": health.database_is_up(), "broker": health.broker_is_up()}
    healthy = all(checks.values())
    body = {
        "status": "ok" if healthy else "unavailable",
        **{name: ("ok" if up else "unavailable") for name, up in checks.items()},
        "worker": health.worker_state(),
    }
    return JsonResponse(body, status=200 if healthy else 503)


@require_POST
def switch_language(request: HttpRequest) -> HttpResponse:
    """Django's ``set_language``, plus remembering the choice on the account."""
    response = set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in SUPPORTED_LANGUAGES:
        user_set_preferred_language(user=request.user, language=language)
    return response


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A translated page instead of Django's technical CSRF failure page."""
    return render(request, "403_csrf.html", status=403)
