"""Small helpers shared by the accounts tests."""

import re

from django.core import mail

from accounts.services import student_import_row
from notifications.models import OutboxMail

INITIAL_PASSWORD = "Initial-Pass-2026"
NEW_PASSWORD = "Fresh-Start-2026x"


def import_student(number: str = "0765432", email: str = "r0765432@student.example.org"):
    """A student as the registrar's import leaves them: awaiting activation."""
    from accounts.selectors import student_by_number

    student_import_row(
        student_number=number,
        email=email,
        first_name="Nora",
        last_name="Peeters",
        initial_password=INITIAL_PASSWORD,
        acting_user=None,
    )
    return student_by_number(number)


def _sent() -> list[tuple[str, str]]:
    """(recipient, text body) of every mail so far: allauth's and the outbox's."""
    sent = [(to, message.body) for message in mail.outbox for to in message.to]
    sent += list(OutboxMail.objects.order_by("id").values_list("recipient_email", "body_text"))
    return sent


def mailed_to() -> list[str]:
    """Every recipient so far, in order per road (allauth's mails, then the outbox)."""
    return [to for to, _body in _sent()]


def last_body(to: str) -> str:
    bodies = [body for recipient, body in _sent() if recipient == to]
    if not bodies:
        raise AssertionError(f"no mail to {to}")
    return bodies[-1]


def last_code(to: str) -> str:
    """The 6-digit code in the last mail sent to ``to``."""
    return re.search(r"\b(\d{6})\b", last_body(to)).group(1)


def last_login_code(to: str) -> str:
    """allauth's login code (XXXX-XXXX) in the last mail to ``to``."""
    return re.search(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", last_body(to), re.M).group(1)
