"""Background work for incidents: thin wrappers around the services."""

from core.queueing import shared_task

from . import services


@shared_task(
    name="servicestatus.fan_out_update",
    ignore_result=True,
    acks_late=True,
    autoretry_for=(Exception,),
    retry_backoff=True,
    max_retries=8,
)
def fan_out_update(update_id: int) -> int:
    """Mail one update to every affected address that has not had it (exactly once each)."""
    return services.update_fan_out(update_id=update_id)


@shared_task(name="servicestatus.sweep", ignore_result=True)
def sweep_updates() -> int:
    """Enqueue again the fan-outs a lost task or a down broker left unfinished (beat)."""
    return services.updates_sweep()


@shared_task(name="servicestatus.maintenance_announce", ignore_result=True, acks_late=True)
def maintenance_announce(incident_id: int) -> int:
    """Tell the services' subscribers about a scheduled maintenance (once each)."""
    from . import subscriptions

    return subscriptions.maintenance_announce(incident_id=incident_id)


@shared_task(name="servicestatus.maintenance_reminders", ignore_result=True)
def maintenance_reminders() -> int:
    """Remind subscribers a day before a maintenance starts (beat; safe to run twice)."""
    from . import subscriptions

    return subscriptions.maintenance_reminders_send()
