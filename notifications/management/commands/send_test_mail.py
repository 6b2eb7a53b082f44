"""``manage.py send_test_mail you@example.org``: check the mail set-up end to end."""

from django.core.management.base import BaseCommand
from django.db import transaction

from notifications.services import notify


class Command(BaseCommand):
    help = "Queue a test mail through the outbox (a worker must be running to send it)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("email")
        parser.add_argument("--language", choices=["nl", "en"], default=None)
        parser.add_argument("--note", default="")

    def handle(self, *args, email: str, language: str | None, note: str, **options) -> None:
        with transaction.atomic():
            mail = notify(
                event="mail_test",
                recipient_email=email,
                context={"note": note},
                language=language,
            )
        self.stdout.write(f"Queued outbox mail {mail.pk} ({mail.message_id}).")
