"""The AUP gate: a signed-in user accepts the current AUP before anything else.

Exempt are the pages needed to read and accept it (the knowledgebase and
/aup/), logging out, static and uploaded files, the health check, the
language switch and the account flows that must finish first (under
/accounts/: activation, password change, MFA set-up). The list is the
``AUP_EXEMPT_PATH_PREFIXES`` setting. Costs one indexed EXISTS query per
request of a signed-in user on a gated path.

The gate applies only to page navigations (GET/HEAD asking for HTML). A form
being submitted when a new version is published (an agent's reply, a lead's
edit) must never be thrown away by a redirect: the POST goes through, and the
page the browser is sent to next asks for the acceptance.
"""

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from .selectors import user_needs_to_accept_aup

DEFAULT_EXEMPT_PATH_PREFIXES = (
    "/kb/",
    "/aup/",
    "/accounts/",
    "/static/",
    "/media/",
    "/healthz",
    "/i18n/",
    "/theme/",
    "/status/",
)


def is_page_navigation(request: HttpRequest) -> bool:
    """Whether the request opens a page (the only thing the gate may redirect).

    Form posts and other unsafe methods are never gated (a redirect would drop
    their body); neither are background fetches the browser marks as such, nor
    requests that do not ask for HTML. A request without an ``Accept`` header
    (scripts, the test client) counts as a page.
    """
    if request.method not in ("GET", "HEAD"):
        return False
    mode = request.headers.get("Sec-Fetch-Mode")
    if mode and mode not in ("navigate", "nested-navigate"):
        return False
    accept = request.headers.get("Accept", "")
    return not accept or "text/html" in accept or "*/*" in accept


class AupGateMiddleware:
    """Redirect to /aup/accept/?next=... until the current version is accepted."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response
        self.exempt = tuple(
            getattr(settings, "AUP_EXEMPT_PATH_PREFIXES", DEFAULT_EXEMPT_PATH_PREFIXES)
        )

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and is_page_navigation(request)
            and user.is_authenticated
            and not request.path_info.startswith(self.exempt)
            and user_needs_to_accept_aup(user)
        ):
            query = urlencode({"next": request.get_full_path()})
            return HttpResponseRedirect(f"{reverse('aup:accept')}?{query}")
        return self.get_response(request)
