"""The live half of the rollups: each request signal bumps one row (``services.rollups``)."""

from django.dispatch import receiver

from appointments import signals as appointment_signals
from tickets import clock, signals
from tickets import selectors as ticket_selectors

from .services.rollups import (
    appointment_day_bump,
    business_minutes,
    filed_deltas,
    first_response_deltas,
    key_for,
    rated_deltas,
    rollup_bump,
    status_deltas,
)


@receiver(signals.ticket_filed, dispatch_uid="insights_filed")
def filed(sender, ticket, **kwargs) -> None:
    rollup_bump(key=key_for(ticket, ticket.created_at), deltas=filed_deltas())


@receiver(signals.ticket_status_changed, dispatch_uid="insights_status_changed")
def status_changed(sender, ticket, old, new, **kwargs) -> None:
    now = clock.now()
    minutes = 0.0
    if new == "resolved":
        minutes = business_minutes(ticket.created_at, now, ticket_selectors.business_calendar())
    deltas = status_deltas(
        old=old, new=new, breached=ticket.is_breached, minutes_since_filed=minutes
    )
    rollup_bump(key=key_for(ticket, now), deltas=deltas)


@receiver(signals.ticket_first_responded, dispatch_uid="insights_first_responded")
def first_responded(sender, ticket, **kwargs) -> None:
    at = ticket.first_response_at
    minutes = business_minutes(ticket.created_at, at, ticket_selectors.business_calendar())
    rollup_bump(key=key_for(ticket, at), deltas=first_response_deltas(minutes))


@receiver(signals.ticket_escalated, dispatch_uid="insights_escalated")
def escalated(sender, ticket, **kwargs) -> None:
    rollup_bump(key=key_for(ticket, clock.now()), deltas={"escalated": 1})


@receiver(signals.ticket_sla_breached, dispatch_uid="insights_breached")
def breached(sender, ticket, **kwargs) -> None:
    rollup_bump(key=key_for(ticket, clock.now()), deltas={"breached": 1})


@receiver(signals.ticket_rated, dispatch_uid="insights_rated")
def rated(sender, ticket, score=None, old_score=None, **kwargs) -> None:
    score = ticket.rating if score is None else score
    rollup_bump(key=key_for(ticket, clock.now()), deltas=rated_deltas(score, old_score))


@receiver(appointment_signals.appointment_booked, dispatch_uid="insights_appointment_booked")
def appointment_booked(sender, appointment, **kwargs) -> None:
    appointment_day_bump(ticket=appointment.ticket, channel=appointment.channel, booked=1)


@receiver(appointment_signals.appointment_cancelled, dispatch_uid="insights_appointment_cancelled")
def appointment_cancelled(sender, appointment, **kwargs) -> None:
    appointment_day_bump(ticket=appointment.ticket, channel=appointment.channel, cancelled=1)
