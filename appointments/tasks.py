"""Celery tasks: thin, the work is in the services."""

from core.queueing import shared_task

from . import services


@shared_task(name="appointments.send_reminders")
def send_reminders() -> int:
    return services.appointments_send_reminders()
