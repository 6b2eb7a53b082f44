"""What an operator asks of the whole pipeline: one look at everything that waits.

It reads the outbox (notifications), the inbound mail (mailin) and the broker,
so it lives in the project package, above the apps it reads. The command is
``manage.py queue_health``.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Min
from django.utils import timezone

from mailin.models import InboundMessage
from notifications.models import OutboxMail


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
    from .celery import app as celery_app  # here, so importing this module loads no Celery

    with celery_app.connection_for_read() as connection:
        connection.ensure_connection(max_retries=1)
        # Declaring is harmless (Celery declares it on every publish) and works before the first.
        return connection.default_channel.queue_declare(queue=queue).message_count


def queue_health(*, now: datetime | None = None) -> QueueHealth:
    """One look at everything that waits: outbox, inbound mail, the broker."""
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
