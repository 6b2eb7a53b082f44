"""Project-wide periodic jobs."""

from core.queueing import shared_task

from . import health


@shared_task(name="servicedesk.worker_heartbeat", ignore_result=True)
def worker_heartbeat() -> None:
    """Record that a worker took a job off the queue just now (see /healthz)."""
    health.record_worker_heartbeat()


@shared_task(name="servicedesk.apply_retention", ignore_result=True)
def apply_retention() -> int:
    """Nightly: forget guest data and attachment files of long-closed requests."""
    from .retention import apply_retention as run

    report = run()
    return report.guest_requests + report.attachments
