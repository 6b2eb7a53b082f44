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

from .selectors import aup_current_version_id, user_accepted_aup_version

# "<user id>:<version id>": the version this session's user is known to have
# accepted (a login by someone else flushes the session; the user id makes sure).
AUP_ACCEPTED_SESSION_KEY = "kb_aup_accepted"


def must_accept_aup(user, session) -> bool:
    """Whether the signed-in ``user`` must still accept the current AUP.

    The session remembers the version the user was found to have accepted,
    so the database is asked once per session and version. The API calls
    this with its token's session (api/permissions.py).
    """
    remembered = session.get(AUP_ACCEPTED_SESSION_KEY)
    current = aup_current_version_id()
    if not current or remembered == f"{user.pk}:{current}":
        return False
    if not user_accepted_aup_version(user, current):
        return True
    session[AUP_ACCEPTED_SESSION_KEY] = f"{user.pk}:{current}"
    return False


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
            and must_accept_aup(user, request.session)
        ):
            query = urlencode({"next": request.get_full_path()})
            return HttpResponseRedirect(f"{reverse('aup:accept')}?{query}")
        return self.get_response(request)
