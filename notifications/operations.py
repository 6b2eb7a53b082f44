"""What an operator asks of the mail pipeline: resend failed mails, queue health.

Plain functions behind ``manage.py resend_failed_mails`` and ``manage.py
queue_health``, so the commands stay thin and the rules stay in one place
(resending goes through ``outbox_mail_resend``, like the admin action).
"""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Min
from django.utils import timezone

from servicedesk.celery import app as celery_app

from .models import OutboxMail
from .services import RESENDABLE, outbox_mail_resend


def failed_mails(
    *,
    statuses: list[str] | None = None,
    event: str = "",
    recipient: str = "",
    since: datetime | None = None,
    until: datetime | None = None,
    error_contains: str = "",
):
    """Mails an operator may send again, narrowed by the filters given."""
    mails = OutboxMail.objects.filter(status__in=statuses or [OutboxMail.Status.FAILED])
    if event:
        mails = mails.filter(event=event)
    if recipient:
        mails = mails.filter(recipient_email__iexact=recipient)
    if since:
        mails = mails.filter(created_at__gte=since)
    if until:
        mails = mails.filter(created_at__lt=until)
    if error_contains:
        mails = mails.filter(last_error__icontains=error_contains)
    return mails.order_by("created_at", "id")


def resend_mails(mails, *, limit: int | None = None) -> list[OutboxMail]:
    """Give each mail fresh attempts (same Message-ID); returns those resent."""
    resent = []
    for mail in mails[:limit] if limit else mails:
        if mail.status in RESENDABLE:
            resent.append(outbox_mail_resend(mail=mail, acting_user=None))
    return resent


@dataclass
class QueueHealth:
    outbox_by_status: dict[str, int]
    oldest_ready_seconds: float | None
    inbound_held: int
    inbound_received: int
    celery_queue_length: int | None
    celery_queue_error: str = ""

    def lines(self) -> list[str]:
        lines = ["Outbox mails by status:"]
        for status, _label in OutboxMail.Status.choices:
            lines.append(f"  {status:<10} {self.outbox_by_status.get(status, 0)}")
        oldest = (
            "none" if self.oldest_ready_seconds is None else f"{self.oldest_ready_seconds:.0f} s"
        )
        lines.append(f"Oldest due ready mail waits: {oldest}")
        lines.append(f"Inbound mails held for first line: {self.inbound_held}")
        lines.append(f"Inbound mails received, not yet processed: {self.inbound_received}")
        queue = (
            f"unavailable ({self.celery_queue_error})"
            if self.celery_queue_length is None
            else str(self.celery_queue_length)
        )
        lines.append(f"Celery queue 'celery' length: {queue}")
        return lines


def celery_queue_length(queue: str = "celery") -> int:
    """Messages waiting in the broker's queue (Redis list or filesystem folder)."""
    with celery_app.connection_for_read() as connection:
        connection.ensure_connection(max_retries=1)
        # Declaring is harmless (Celery declares it on every publish) and works before the first.
        return connection.default_channel.queue_declare(queue=queue).message_count


def queue_health(*, now: datetime | None = None) -> QueueHealth:
    """One look at everything that waits: outbox, inbound mail, the broker."""
    from mailin.models import InboundMessage

    now = now or timezone.now()
    by_status = dict(
        OutboxMail.objects.order_by().values_list("status").annotate(count=Count("id"))
    )
    oldest = OutboxMail.objects.filter(
        status=OutboxMail.Status.READY, next_attempt_at__lte=now
    ).aggregate(oldest=Min("next_attempt_at"))["oldest"]
    inbound = dict(
        InboundMessage.objects.filter(
            status__in=[InboundMessage.Status.HELD, InboundMessage.Status.RECEIVED]
        )
        .order_by()
        .values_list("status")
        .annotate(count=Count("id"))
    )
    health = QueueHealth(
        outbox_by_status=by_status,
        oldest_ready_seconds=(now - oldest).total_seconds() if oldest else None,
        inbound_held=inbound.get(InboundMessage.Status.HELD, 0),
        inbound_received=inbound.get(InboundMessage.Status.RECEIVED, 0),
        celery_queue_length=None,
    )
    try:
        health.celery_queue_length = celery_queue_length()
    except Exception as exc:  # the broker is down: say so, do not crash the report
        health.celery_queue_error = type(exc).__name__
    return health
