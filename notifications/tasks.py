"""Celery tasks for the outbox: thin, take ids, call services."""

import logging

from celery import Task

from core.queueing import shared_task

from . import services

logger = logging.getLogger(__name__)


class DeliveryTask(Task):
    """Marks the row failed when the task gives up or breaks."""

    def on_failure(self, exc, task_id, args, kwargs, einfo) -> None:
        mail_id = kwargs.get("mail_id", args[0] if args else None)
        if mail_id is not None:
            services.outbox_mail_mark_failed(mail_id=mail_id, error=f"{exc}")


@shared_task(
    bind=True,
    base=DeliveryTask,
    name="notifications.deliver_outbox_mail",
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=None,  # the row's attempts counter decides, not the message
    ignore_result=True,
)
def deliver_outbox_mail(self, mail_id: int) -> None:
    """Send outbox mail ``mail_id``; safe to run twice (the claim decides)."""
    try:
        services.outbox_mail_deliver(mail_id=mail_id)
    except services.DeliveryDeferred as exc:
        logger.info("outbox mail %s: retry in %.1fs (%s)", mail_id, exc.retry_in, exc)
        raise self.retry(countdown=exc.retry_in, exc=exc) from exc


@shared_task(name="notifications.sweep_outbox", ignore_result=True)
def sweep_outbox() -> int:
    """Beat job: re-enqueue mails still pending after the grace period."""
    return services.outbox_sweep()
