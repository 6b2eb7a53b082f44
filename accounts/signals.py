"""Receivers for allauth's signals (connected in AccountsConfig.ready)."""

from allauth.mfa.models import Authenticator
from allauth.mfa.signals import authenticator_removed
from django.dispatch import receiver

from .middleware import MFA_OK_SESSION_KEY


@receiver(authenticator_removed)
def forget_mfa_check_when_totp_removed(sender, request, user, authenticator, **kwargs) -> None:
    """Removing the authenticator app makes the next page check MFA again."""
    if authenticator.type == Authenticator.Type.TOTP and request is not None:
        request.session.pop(MFA_OK_SESSION_KEY, None)
