"""The AUP gate: a signed-in user accepts the current AUP before anything else.

Exempt are the pages needed to read and accept it (the knowledgebase and
/aup/), logging out, static and uploaded files, the health check, the
language switch and the account flows that must finish first (under
/accounts/: activation, password change, MFA set-up). The list is the
``GATE_EXEMPT_PATH_PREFIXES`` setting, shared with the account gate.

Costs no query on most requests: the current version's id comes from the
shared cache (``selectors.aup_current_version_id``), and once the user's
acceptance of it is found the session remembers it, so only the first page
after a login or after a new version is published asks the database.
Exempt paths never load the user at all.

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

from core.navigation import is_page_navigation

from .selectors import user_needs_to_accept_aup


class AupGateMiddleware:
    """Redirect to /aup/accept/?next=... until the current version is accepted."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response
        self.exempt = tuple(settings.GATE_EXEMPT_PATH_PREFIXES)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and is_page_navigation(request)
            and not request.path_info.startswith(self.exempt)
            and user.is_authenticated
            and user_needs_to_accept_aup(user, request.session)
        ):
            query = urlencode({"next": request.get_full_path()})
            return HttpResponseRedirect(f"{reverse('aup:accept')}?{query}")
        return self.get_response(request)
