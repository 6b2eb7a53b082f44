"""Who is calling: allauth's session token, refused for staff without MFA.

A call without a token and a call with a token that names no session both
answer 401 (RFC 9110: no valid credentials; the app signs in again), told
apart by the error code: ``not_authenticated`` when no ``X-Session-Token``
was sent (a bug in the app) and ``invalid_token`` when it was sent but is
unknown or its session ended (allauth's own endpoints answer that case with
410; a 410 on an API resource would tell caches the resource is gone, so the
API keeps the 401 and gives the reason in the code, like RFC 6750's
``error="invalid_token"``).

The token comes from allauth's headless login (password, code, MFA stage),
so no login or token code lives here. allauth already asks staff with an
authenticator for their second factor before it hands out a token; a staff
or admin account *without* an authenticator never passes, because the
API would otherwise be a way round the admin's MFA requirement.
"""

from allauth.headless.contrib.rest_framework.authentication import (
    XSessionTokenAuthentication,
)
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import AuthenticationFailed

from accounts.selectors import user_has_second_factor, user_must_have_mfa

from .middleware import activate_api_language


class InvalidToken(AuthenticationFailed):
    default_detail = _("The session token is not valid (any more). Log in again.")
    default_code = "invalid_token"


class MfaRequired(AuthenticationFailed):
    default_detail = _(
        "This account can use the API only with two-factor authentication. Set up an "
        "authenticator app first: in the portal, or through "
        "/_allauth/app/v1/account/authenticators/totp."
    )
    default_code = "mfa_required"


def user_may_use_api(user) -> bool:
    """The portal's rule (accounts.selectors): staff, admins and prospects need a second factor."""
    if not (user_must_have_mfa(user) or user.is_superuser):
        return True
    return user_has_second_factor(user)


class SessionTokenAuthentication(XSessionTokenAuthentication):
    """``X-Session-Token`` from allauth's app client; 401 when missing or wrong."""

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is None:
            if self.get_session_token(request):
                raise InvalidToken()
            return None
        if not user_may_use_api(result[0]):
            raise MfaRequired()
        activate_api_language(request, result[0])
        return result

    def authenticate_header(self, request) -> str:
        # Makes DRF answer 401 (not 403) to a call without a valid token.
        return 'X-Session-Token realm="api"'
