"""``manage.py resend_failed_mails``: send failed mails again, filtered, with --dry-run."""

from datetime import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from notifications.models import OutboxMail
from notifications.operations import failed_mails, resend_mails
from notifications.services import RESENDABLE


def _moment(value: str) -> datetime:
    try:
        moment = datetime.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"not an ISO date or date-time: {value!r}") from exc
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


class Command(BaseCommand):
    help = (
        "Send failed (or --status bounced/cancelled) outbox mails again with fresh attempts "
        "and the same Message-ID. --dry-run lists them only."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--status",
            action="append",
            choices=sorted(RESENDABLE),
            help="Repeatable; default: failed.",
        )
        parser.add_argument("--event", default="", help="Only mails of this event.")
        parser.add_argument("--recipient", default="", help="Only mails to this address.")
        parser.add_argument("--since", type=_moment, help="Created at or after (ISO).")
        parser.add_argument("--until", type=_moment, help="Created before (ISO).")
        parser.add_argument(
            "--error-contains", default="", help="Only mails whose last error has this text."
        )
        parser.add_argument("--limit", type=int, default=None, help="At most this many.")
        parser.add_argument("--dry-run", action="store_true", help="List, change nothing.")

    def handle(self, *args, **options) -> None:
        mails = failed_mails(
            statuses=options["status"] or [OutboxMail.Status.FAILED],
            event=options["event"],
            recipient=options["recipient"],
            since=options["since"],
            until=options["until"],
            error_contains=options["error_contains"],
        )
        if options["dry_run"]:
            chosen = list(mails[: options["limit"]] if options["limit"] else mails)
            for mail in chosen:
                self.stdout.write(
                    f"{mail.pk} {mail.status} {mail.event} {mail.recipient_email} "
                    f"{mail.created_at:%Y-%m-%d %H:%M} {mail.last_error[:80]}"
                )
            self.stdout.write(f"Dry run: {len(chosen)} mails would be sent again.")
            return
        resent = resend_mails(mails, limit=options["limit"])
        self.stdout.write(f"{len(resent)} mails queued to be sent again.")
