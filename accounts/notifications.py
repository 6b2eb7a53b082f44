"""The mails the account flows send themselves, through the notification outbox.

allauth's own mails (login codes, reset links) take the adapter's road.
Codes and welcome mails are security mails: no ``optional_kind``.
"""

from django.conf import settings
from django.urls import reverse

from notifications.services import notify

from .models import User


def activation_code(*, email: str, code: str, language: str, user: User | None = None) -> None:
    """Mail a one-time code that proves the reader holds ``email``."""
    notify(
        event="accounts_activation_code",
        recipient_email=email,
        context={"code": code, "minutes": settings.ACCOUNTS_CODE_TIMEOUT // 60},
        language=language,
    )


def prospect_welcome(*, user: User) -> None:
    """Tell a prospect their welcome account is on and how to log in with a code."""
    notify(
        event="accounts_prospect_welcome",
        recipient_email=user.email,
        context={
            "login_url": settings.SITE_URL + reverse("account_request_login_code"),
            "minutes": settings.ACCOUNTS_CODE_TIMEOUT // 60,
        },
        user=user,
    )
