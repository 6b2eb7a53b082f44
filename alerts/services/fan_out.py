"""Finding an event's recipients (worker), coalescing into batches, and the sweep (beat)."""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from core.queueing import enqueue_each, enqueue_on_commit

from ..models import AlertBatch, AlertDelivery, AlertEvent, AlertMode
from ..selectors import alert_modes_of, alert_recipients

logger = logging.getLogger(__name__)


def _window() -> timedelta:
    return timedelta(seconds=settings.ALERTS_COALESCE_WINDOW)


def _open_batch(*, user: User, kind: str, now: datetime) -> tuple[AlertBatch, bool]:
    """The recipient's open batch of this kind, locked; a new one if none is open.

    A new batch is due at once after a quiet window, else one window after
    the previous one, so one recipient gets at most one mail per kind per
    window. The lock orders us against ``alert_batch_send``: an event joins
    a batch before its mail is rendered, or finds it sent and opens the next.
    """
    for _attempt in range(3):
        batch = (
            AlertBatch.objects.select_for_update()
            .filter(recipient=user, kind=kind, sent_at__isnull=True)
            .first()
        )
        if batch is not None:
            return batch, False
        last_due = (
            AlertBatch.objects.filter(recipient=user, kind=kind)
            .order_by("-due_at")
            .values_list("due_at", flat=True)
            .first()
        )
        due = max(now, last_due + _window()) if last_due else now
        try:
            with transaction.atomic():
                batch = AlertBatch.objects.create(
                    recipient=user, kind=kind, opened_at=now, due_at=due
                )
            return batch, True
        except IntegrityError:
            continue  # another fan-out opened it a moment ago: join that one
    raise RuntimeError(f"could not open an alert batch for user {user.pk}")


@transaction.atomic
def alert_event_fan_out(*, event_id: int) -> int:
    """Give each recipient of the event a delivery; returns how many. Safe to run twice."""
    event = (
        AlertEvent.objects.select_for_update(of=("self",))
        .filter(pk=event_id, fanned_out_at__isnull=True)
        .select_related("ticket", "target_user")
        .first()
    )
    if event is None:
        return 0
    now = timezone.now()
    recipients = alert_recipients(event)
    modes = alert_modes_of(recipients, event.kind)
    created = 0
    for user in recipients:
        mode = modes[user.pk]
        if mode == AlertMode.OFF:
            continue
        batch = None
        if mode == AlertMode.IMMEDIATE:
            batch, is_new = _open_batch(user=user, kind=event.kind, now=now)
            if is_new:
                from ..tasks import send_alert_batch

                delay = max((batch.due_at - now).total_seconds(), 0)
                enqueue_on_commit(send_alert_batch, batch.pk, countdown=delay)
        AlertDelivery.objects.create(
            event=event, recipient=user, mode=mode, batch=batch, created_at=now
        )
        created += 1
    event.fanned_out_at = now
    event.save(update_fields=["fanned_out_at"])
    logger.info("alert event %s (%s): %s deliveries", event.pk, event.kind, created)
    return created


def alerts_sweep(*, now: datetime | None = None) -> int:
    """Queue again what the broker lost: events not fanned out, batches past due."""
    from ..tasks import fan_out_alert, send_alert_batch

    now = now or timezone.now()
    cutoff = now - timedelta(seconds=settings.ALERTS_SWEEP_GRACE)
    limit = settings.NOTIFICATIONS_SWEEP_BATCH
    events = list(
        AlertEvent.objects.filter(fanned_out_at__isnull=True, created_at__lte=cutoff)
        .order_by("created_at")
        .values_list("pk", flat=True)[:limit]
    )
    batches = list(
        AlertBatch.objects.filter(sent_at__isnull=True, due_at__lte=cutoff)
        .order_by("due_at")
        .values_list("pk", flat=True)[:limit]
    )
    return enqueue_each(fan_out_alert, events, what="alert events") + enqueue_each(
        send_alert_batch, batches, what="alert batches"
    )
