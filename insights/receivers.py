"""The live half of the rollups: each request signal applies THE rule (``services.rollups``)."""

from django.dispatch import receiver
from django.utils import timezone

from appointments import signals as appointment_signals
from core import clock
from insights.models import AppointmentDay, DailyRollup
from tickets import selectors as ticket_selectors
from tickets import signals
from tickets.choices import TicketStatus
from tickets.models import TicketEvent

from .services.rollups import (
    event_rows,
    filed_deltas,
    first_response_rows,
    place_of,
    rated_deltas,
    rollups_move,
    rows_apply,
    ticket_event_rows,
)


def _daily(ticket, deltas: dict) -> None:
    """Deltas on the request's row of today (its place now)."""
    day = timezone.localdate(clock.now())
    rows_apply([(DailyRollup, (day, *place_of(ticket)), deltas)])


@receiver(signals.ticket_filed, dispatch_uid="insights_filed")
def filed(sender, ticket, **kwargs) -> None:
    day = timezone.localdate(ticket.created_at)
    rows_apply([(DailyRollup, (day, *place_of(ticket)), filed_deltas())])


@receiver(signals.ticket_status_changed, dispatch_uid="insights_status_changed")
def status_changed(sender, ticket, old, new, **kwargs) -> None:
    rows = event_rows(
        kind=TicketEvent.Type.STATUS_CHANGED,
        data={"old": old, "new": new, "breached": ticket.is_breached},
        at=clock.now(),
        place=place_of(ticket),
        filed_at=ticket.created_at,
        is_breached=ticket.is_breached,
        calendar=ticket_selectors.business_calendar(),
    )
    if new == TicketStatus.FORWARDED:
        # Where it went is in the forward's audit event, written just before.
        forward = (
            TicketEvent.objects.filter(ticket=ticket, type=TicketEvent.Type.FORWARDED)
            .order_by("-pk")
            .first()
        )
        if forward is not None:
            rows += ticket_event_rows(ticket, forward)
    rows_apply(rows)


@receiver(signals.ticket_first_responded, dispatch_uid="insights_first_responded")
def first_responded(sender, ticket, **kwargs) -> None:
    rows_apply(
        first_response_rows(
            place=place_of(ticket),
            filed_at=ticket.created_at,
            responded_at=ticket.first_response_at,
            calendar=ticket_selectors.business_calendar(),
        )
    )


@receiver(signals.ticket_moved, dispatch_uid="insights_moved")
def moved(sender, ticket, old, **kwargs) -> None:
    rollups_move(ticket=ticket, old=old)


@receiver(signals.ticket_escalated, dispatch_uid="insights_escalated")
def escalated(sender, ticket, **kwargs) -> None:
    _daily(ticket, {"escalated": 1})


@receiver(signals.ticket_sla_breached, dispatch_uid="insights_breached")
def breached(sender, ticket, **kwargs) -> None:
    _daily(ticket, {"breached": 1})


@receiver(signals.ticket_rated, dispatch_uid="insights_rated")
def rated(sender, ticket, score=None, old_score=None, **kwargs) -> None:
    score = ticket.rating if score is None else score
    _daily(ticket, rated_deltas(score, old_score))


def _appointment(appointment, counter: str) -> None:
    day = timezone.localdate(clock.now())
    key = (day, appointment.ticket.desk_id, appointment.channel)
    rows_apply([(AppointmentDay, key, {counter: 1})])


@receiver(appointment_signals.appointment_booked, dispatch_uid="insights_appointment_booked")
def appointment_booked(sender, appointment, **kwargs) -> None:
    _appointment(appointment, "booked")


@receiver(appointment_signals.appointment_cancelled, dispatch_uid="insights_appointment_cancelled")
def appointment_cancelled(sender, appointment, **kwargs) -> None:
    _appointment(appointment, "cancelled")
