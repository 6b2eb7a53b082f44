"""Run the alert road in the test process: the worker's services, called directly."""

from alerts.models import AlertBatch, AlertEvent
from alerts.services import alert_batch_send, alert_event_fan_out
from notifications.models import OutboxMail


def fan_out_all() -> None:
    for pk in AlertEvent.objects.filter(fanned_out_at__isnull=True).values_list("pk", flat=True):
        alert_event_fan_out(event_id=pk)


def send_due_batches(now=None) -> None:
    for pk in AlertBatch.objects.filter(sent_at__isnull=True).values_list("pk", flat=True):
        alert_batch_send(batch_id=pk, now=now)


def alert_mails(user) -> list[OutboxMail]:
    return list(
        OutboxMail.objects.filter(recipient_email=user.email, event__startswith="alert_").order_by(
            "pk"
        )
    )
