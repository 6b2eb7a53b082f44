"""Project-wide periodic jobs."""

from celery import shared_task

from . import health, ratelimit


@shared_task(name="servicedesk.worker_heartbeat", ignore_result=True)
def worker_heartbeat() -> None:
    """Record that a worker took a job off the queue just now (see /healthz)."""
    health.record_worker_heartbeat()


@shared_task(name="servicedesk.sweep_rate_counters", ignore_result=True)
def sweep_rate_counters() -> None:
    """Delete rate-limit counters of ended windows (only the database keeps any)."""
    ratelimit.rate_counters_sweep()


@shared_task(name="servicedesk.apply_retention", ignore_result=True)
def apply_retention() -> int:
    """Nightly: forget guest data and attachment files of long-closed requests."""
    from .retention import apply_retention as run

    report = run()
    return report.guest_requests + report.attachments
