"""Where the portal's account rules meet allauth's headless app endpoints.

Both are allauth's own view classes, extended the way allauth builds its
endpoints (an input form, a login stage), and mounted at allauth's paths
under /_allauth/app/v1/ so the app talks to one authentication API:

* ``auth/password/request``: allauth's headless view builds its input from
  allauth's plain reset form and ignores ``ACCOUNT_FORMS``, so it would mail
  a reset link to the university mailbox. This one takes the form
  ``ACCOUNT_FORMS["reset_password"]`` names, as the portal's page does
  (accounts.forms.AlternateEmailResetPasswordForm: the alternate address only).
* ``auth/code/confirm``: allauth's headless input ignores ``ACCOUNT_FORMS``
  too; this one adds the portal's atomic count of login-code tries
  (accounts.forms.LoginCodeTriesMixin), as the page's form does.
* ``auth/2fa/phone/authenticate`` and ``.../resend``: the phone-code login
  stage (accounts.stages.PhoneCodeStage) shows up in allauth's answer as the
  pending flow ``accounts_phone_code``; allauth has no endpoint for a stage
  it does not know, so this is one, built like allauth's own
  ``auth/2fa/authenticate`` (an ``AuthenticationStageAPIView``). When the
  code is right, allauth resumes the login and hands out the session token.
* ``account/authenticators/totp``: allauth's set-up answers every ``GET``
  with a new secret, so an app that shows its set-up screen twice (on
  resume, on rotate) showed a QR code that no longer worked. This one takes
  the secret from accounts.flows.totp_setup_secret, the rule the portal's
  page follows: one pending secret per session until a code activates it.
"""

import re
from http import HTTPStatus
from typing import Any

from allauth.account import app_settings as account_settings
from allauth.account.adapter import get_adapter
from allauth.account.forms import ResetPasswordForm
from allauth.headless.account.inputs import (
    ConfirmLoginCodeInput,
    ResetPasswordInput,
    ResetPasswordKeyInput,
)
from allauth.headless.account.views import (
    ConfirmLoginCodeView,
    RequestPasswordResetView,
    ResetPasswordView,
)
from allauth.headless.base.response import RateLimitResponse
from allauth.headless.base.views import AuthenticationStageAPIView
from allauth.headless.internal.restkit import inputs as restkit_inputs
from allauth.headless.internal.restkit.response import ErrorResponse
from allauth.headless.mfa import response as mfa_response
from allauth.headless.mfa.views import AuthenticateView, ManageTOTPView
from allauth.mfa.adapter import get_adapter as get_mfa_adapter
from allauth.mfa.internal.flows.add import validate_can_add_authenticator
from allauth.utils import get_form_class
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse

from accounts import flows
from accounts.forms import AuthenticateForm, CodeForm, LoginCodeTriesMixin
from accounts.stages import PhoneCodeStage


class AlternateEmailPasswordResetView(RequestPasswordResetView):
    """allauth's reset request, validated and sent by the configured reset form."""

    def get_input_class(self):
        return get_form_class(account_settings.FORMS, "reset_password", ResetPasswordForm)


class CountedLoginCodeInput(LoginCodeTriesMixin, ConfirmLoginCodeInput):
    """allauth's headless login-code input with the atomic try count."""


class CountedConfirmLoginCodeView(ConfirmLoginCodeView):
    """allauth's ``auth/code/confirm``; guesses beyond the tries are never compared."""

    input_class = CountedLoginCodeInput


class CountedAuthenticateInput(AuthenticateForm, restkit_inputs.Input):
    """The authenticator-code step of the app login with the browser's atomic try count."""


class CountedAuthenticateView(AuthenticateView):
    """allauth's ``auth/2fa/authenticate``: the same try limit per account as the browser.

    allauth's own input counts wrong codes in the cache with a read and a write;
    ``accounts.forms.AuthenticateForm`` takes each try atomically first, so the
    app and the browser share one budget of guesses per account.
    """

    input_class = CountedAuthenticateInput


# A reset key from a mailed link: "<user id in base 36>-<token>". allauth
# splits it and crashes (TypeError) on an empty user id, e.g. for -1.
RESET_KEY = re.compile(r"[0-9a-z]{1,13}-[0-9a-z-]+", re.ASCII)


class _CheckedKeyMixin:
    """Refuse a malformed link key as an invalid link (400) before allauth parses it."""

    def clean_key(self):
        key = self.cleaned_data["key"]
        if not account_settings.PASSWORD_RESET_BY_CODE_ENABLED and not RESET_KEY.fullmatch(key):
            raise get_adapter().validation_error("invalid_password_reset")
        return super().clean_key()


class CheckedResetPasswordKeyInput(_CheckedKeyMixin, ResetPasswordKeyInput):
    pass


class CheckedResetPasswordInput(_CheckedKeyMixin, ResetPasswordInput):
    pass


class CheckedResetPasswordView(ResetPasswordView):
    """allauth's reset (GET checks a key, POST sets the password) with the key checked."""

    input_class = CheckedResetPasswordInput

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not self.process:
            key_input = CheckedResetPasswordKeyInput(
                {"key": request.headers.get("X-Password-Reset-Key", "")}
            )
            if not key_input.is_valid():
                return self.handle_invalid_input(key_input)
        return super().get(request, *args, **kwargs)


def not_offered(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    """A 404 (the API's error shape) for an allauth endpoint this portal does not offer.

    allauth always routes ``account/phone``, but its phone support needs adapter
    hooks this portal does not implement (the phone for text-message codes is
    managed in the profile), so allauth's view would answer 500.
    """
    raise Http404


class PhoneCodeAuthenticateView(AuthenticationStageAPIView):
    """``POST {"code": "123456"}``: the code texted to the prospect's phone.

    Right: allauth finishes the login (200 with ``meta.session_token``).
    Wrong: 400 and the login waits. Expired or the third wrong try: 400 and
    the login is over (the next call answers 401); log in again.
    """

    input_class = CodeForm
    stage_class = PhoneCodeStage

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            flows.phone_code_confirm(request.session, code=self.input.cleaned_data["code"])
        except ValidationError as error:
            if error.code != "code_wrong":
                self.stage.abort()
            self.input.add_error("code", error)
            return self.handle_invalid_input(self.input)
        return self.respond_next_stage()


class PhoneCodeResendView(AuthenticationStageAPIView):
    """``POST`` (no body): text a new code; a few per account per window, then 429."""

    stage_class = PhoneCodeStage

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            flows.phone_code_resend(request, session=request.session, user=self.stage.login.user)
        except flows.TooManyAttempts:
            return RateLimitResponse(request)
        return JsonResponse({"status": 200})


class TOTPSetupView(ManageTOTPView):
    """allauth's authenticator-app endpoint, with a ``GET`` that keeps the pending secret.

    ``GET``: the authenticator when there is one; otherwise 404 with the
    secret to set up (``meta.secret``, ``meta.totp_url``), the same one on
    every call in this app session until ``POST {"code": ...}`` activates it.
    ``POST`` and ``DELETE`` are allauth's: activating reads the same pending
    secret and then clears it, so a later set-up gets a new one.
    """

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        authenticator = self._get_authenticator()
        if authenticator:
            return mfa_response.TOTPResponse(request, authenticator)
        try:
            validate_can_add_authenticator(request.user)
        except ValidationError as error:
            return ErrorResponse(request, status=HTTPStatus.CONFLICT, exception=error)
        secret = flows.totp_setup_secret(request.session)
        totp_url = get_mfa_adapter().build_totp_url(request.user, secret)
        return mfa_response.TOTPNotFoundResponse(request, secret, totp_url)
