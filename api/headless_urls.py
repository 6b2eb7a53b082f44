"""Our additions to allauth's headless app endpoints (see api/headless.py).

Included before ``allauth.headless.urls`` under /_allauth/app/v1/, so the
reset request, the login-code confirmation, the authenticator-code step and
the authenticator-app set-up here answer instead of allauth's own.
"""

from allauth.headless.constants import Client
from django.urls import path

from . import headless

urlpatterns = [
    path(
        "auth/password/request",
        headless.AlternateEmailPasswordResetView.as_api_view(client=Client.APP),
        name="headless_request_password_reset",
    ),
    path(
        "auth/code/confirm",
        headless.CountedConfirmLoginCodeView.as_api_view(client=Client.APP),
        name="headless_confirm_login_code",
    ),
    path(
        "auth/password/reset",
        headless.CheckedResetPasswordView.as_api_view(client=Client.APP),
        name="headless_reset_password",
    ),
    path(
        "auth/2fa/authenticate",
        headless.CountedAuthenticateView.as_api_view(client=Client.APP),
        name="headless_authenticate",
    ),
    path("account/phone", headless.not_offered, name="headless_manage_phone_not_offered"),
    path(
        "auth/2fa/phone/authenticate",
        headless.PhoneCodeAuthenticateView.as_api_view(client=Client.APP),
        name="headless_phone_authenticate",
    ),
    path(
        "auth/2fa/phone/resend",
        headless.PhoneCodeResendView.as_api_view(client=Client.APP),
        name="headless_phone_resend",
    ),
    path(
        "account/authenticators/totp",
        headless.TOTPSetupView.as_api_view(client=Client.APP),
        name="headless_manage_totp",
    ),
]
