"""Periodic jobs of the tickets app: thin wrappers around services."""

from core.queueing import shared_task

from . import services


@shared_task(name="tickets.flag_sla_breaches", ignore_result=True)
def flag_sla_breaches() -> int:
    """Flag open requests that passed a due time (every few minutes)."""
    return services.tickets_flag_breaches()


@shared_task(name="tickets.auto_close_resolved", ignore_result=True)
def auto_close_resolved() -> int:
    """Close requests resolved longer ago than TICKETS_AUTO_CLOSE_DAYS (hourly)."""
    return services.tickets_auto_close_resolved()
