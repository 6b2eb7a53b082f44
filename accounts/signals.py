"""Receivers for allauth's and Django's signals (connected in AccountsConfig.ready)."""

from allauth.account.signals import authentication_step_completed
from allauth.mfa.models import Authenticator
from allauth.mfa.signals import authenticator_removed
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from .identity import identity_switch_begin, login_record
from .middleware import MFA_OK_SESSION_KEY


@receiver(authenticator_removed)
def forget_mfa_check_when_totp_removed(sender, request, user, authenticator, **kwargs) -> None:
    """Removing the authenticator app makes the next page check MFA again."""
    if authenticator.type == Authenticator.Type.TOTP and request is not None:
        request.session.pop(MFA_OK_SESSION_KEY, None)


@receiver(authentication_step_completed, dispatch_uid="accounts_identity_switch")
def end_other_identity_on_password(sender, request, user, method, **kwargs) -> None:
    """A password proven for another account than the signed-in one switches identities."""
    if request is not None and method == "password" and not kwargs.get("reauthenticated"):
        identity_switch_begin(request, user=user)


@receiver(user_logged_in, dispatch_uid="accounts_login_completed")
def remember_completed_login(sender, request, user, **kwargs) -> None:
    """A completed login counts as a recent authentication (accounts.identity)."""
    if request is not None and hasattr(request, "session"):
        login_record(request, user=user)
