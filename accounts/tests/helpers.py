"""Small helpers shared by the accounts tests."""

import re

from django.core import mail

from accounts.services import student_import_row

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


def last_code(to: str) -> str:
    """The 6-digit code in the last mail sent to ``to``."""
    for message in reversed(mail.outbox):
        if to in message.to:
            return re.search(r"\b(\d{6})\b", message.body).group(1)
    raise AssertionError(f"no mail to {to}")
