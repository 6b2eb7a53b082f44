"""Steps a signed-in account must finish before it may use the portal.

Staff must have an authenticator app (the admin is unreachable without it);
prospects an authenticator app or a phone for codes, and they must also agree to the use of their
profile data. Until then every page except the account flows themselves,
the FAQ, the AUP, static files, the site icon and the health check sends
them to the step that is missing. Once a user has an authenticator, the
session remembers it, so the check costs no query on later requests.

Only a page navigation (a GET for an HTML page) is redirected. Anything else
a browser sends on its own or a form posts (icons, images, scripts,
background fetches, POSTs) gets a 403 with a link to the missing step: it
never reaches the page behind it, and it never opens the set-up page in the
background, which would replace the authenticator secret the person is
scanning.
"""

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse

from core.navigation import is_page_navigation

from .selectors import user_has_second_factor, user_must_have_mfa, user_needs_data_use_consent

MFA_OK_SESSION_KEY = "accounts_mfa_ok"
CONSENT_OK_SESSION_KEY = "accounts_consent_ok"


def _redirect(url_name: str, request: HttpRequest) -> HttpResponse:
    url = reverse(url_name)
    if not is_page_navigation(request):
        # No redirect (it could open the set-up page in the background) and
        # no access to what was asked: a refusal that names the step.
        return render(request, "accounts/step_required.html", {"step_url": url}, status=403)
    query = urlencode({"next": request.get_full_path()})
    return HttpResponseRedirect(f"{url}?{query}")


class AccountRequirementsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response
        # The pages the steps need, static files, and the API, which answers
        # these requirements itself as 401/403 in JSON (api/authentication.py).
        self.exempt = tuple(settings.GATE_EXEMPT_PATH_PREFIXES)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and not request.path.startswith(self.exempt)
            and user.is_authenticated
            and user_must_have_mfa(user)
        ):
            response = self._missing_step(request, user)
            if response is not None:
                return response
        return self.get_response(request)

    def _missing_step(self, request: HttpRequest, user) -> HttpResponse | None:
        if not request.session.get(MFA_OK_SESSION_KEY):
            if not user_has_second_factor(user):
                # Staff must use the authenticator app; prospects may choose.
                return _redirect(
                    "mfa_activate_totp" if user.is_staff else "accounts:mfa_setup", request
                )
            request.session[MFA_OK_SESSION_KEY] = True
        if user.kind == user.Kind.PROSPECT and not request.session.get(CONSENT_OK_SESSION_KEY):
            if user_needs_data_use_consent(user):
                return _redirect("accounts:consent", request)
            request.session[CONSENT_OK_SESSION_KEY] = True
        return None
