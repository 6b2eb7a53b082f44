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
from allauth.mfa.adapter import get_adapter as get_mfa_adapter
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import AuthenticationFailed


class MfaRequired(AuthenticationFailed):
    default_detail = _(
        "Staff accounts can use the API only with two-factor authentication. "
        "Set up an authenticator app in the portal first."
    )
    default_code = "mfa_required"


def user_may_use_api(user) -> bool:
    """Staff and admins only with a second factor; everyone else always."""
    if not (user.is_staff or user.is_superuser):
        return True
    return get_mfa_adapter().is_mfa_enabled(user)


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
