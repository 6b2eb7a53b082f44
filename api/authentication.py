"""Who is calling: allauth's session token, refused for staff without MFA.

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
        if result is not None and not user_may_use_api(result[0]):
            raise MfaRequired()
        return result

    def authenticate_header(self, request) -> str:
        # Makes DRF answer 401 (not 403) to a call without a valid token.
        return 'X-Session-Token realm="api"'
