"""Celery tasks for staff alerts: thin, take ids, call services."""

from core.queueing import shared_task

from . import services


@shared_task(name="alerts.fan_out", acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def fan_out_alert(event_id: int) -> int:
    """Find the recipients of one event (safe to run twice)."""
    return services.alert_event_fan_out(event_id=event_id)


@shared_task(
    bind=True,
    name="alerts.send_batch",
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=None,
    ignore_result=True,
)
def send_alert_batch(self, batch_id: int) -> None:
    """Mail a coalesced batch once its window ends (safe to run twice)."""
    wait = services.alert_batch_send(batch_id=batch_id)
    if wait is not None:
        raise self.retry(countdown=wait)


@shared_task(name="alerts.sweep", ignore_result=True)
def sweep_alerts() -> int:
    """Beat: queue again events and batches the broker lost."""
    return services.alerts_sweep()


@shared_task(name="alerts.warn_sla", ignore_result=True)
def warn_sla() -> int:
    """Beat: warn about requests that used most of their SLA time."""
    return services.alerts_warn_sla()


@shared_task(name="alerts.send_digests", ignore_result=True)
def send_digests() -> int:
    """Beat, daily: one digest mail per staff member (once a day, even if run twice)."""
    return services.alert_digests_send()
