"""Project-wide periodic jobs."""

from celery import shared_task

from . import health


@shared_task(name="servicedesk.worker_heartbeat", ignore_result=True)
def worker_heartbeat() -> None:
    """Record that a worker took a job off the queue just now (see /healthz)."""
    health.record_worker_heartbeat()
