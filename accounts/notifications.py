"""The mails the account flows send themselves (allauth sends its own).

Kept in one module so they move to the notification outbox in one place.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from .models import User


def _send(*, template: str, recipient: str, context: dict, language: str) -> None:
    with translation.override(language):
        subject = render_to_string(f"accounts/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"accounts/email/{template}_message.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient])


def activation_code(*, email: str, code: str, language: str) -> None:
    """Mail a one-time code that proves the reader holds ``email``."""
    minutes = settings.ACCOUNTS_EMAIL_CODE_TIMEOUT // 60
    _send(
        template="activation_code",
        recipient=email,
        context={"code": code, "minutes": minutes},
        language=language,
    )


def prospect_welcome(*, user: User) -> None:
    """Tell a prospect their welcome account is on and how to log in with a code."""
    _send(
        template="prospect_welcome",
        recipient=user.email,
        context={"user": user, "login_path": reverse("account_request_login_code")},
        language=user.preferred_language,
    )
