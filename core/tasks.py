"""Periodic housekeeping of the shared building blocks."""

from core.queueing import shared_task

from . import ratelimit


# The task keeps its historical name so that beat entries and queued
# messages from before the package split still find it.
@shared_task(name="servicedesk.sweep_rate_counters", ignore_result=True)
def sweep_rate_counters() -> None:
    """Delete rate-limit counters of ended windows (only the database keeps any)."""
    ratelimit.rate_counters_sweep()
