"""SLA clocks: due times at filing, pause while waiting for the requester, breaches."""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q

from core import clock
from core.business_hours import add_business_time, business_time_between
from tickets import events, selectors, signals
from tickets.choices import OPEN_STATUSES, TicketStatus
from tickets.models import Ticket

logger = logging.getLogger(__name__)


def ticket_sla_start(*, ticket: Ticket, at: datetime) -> None:
    """Set the response and resolution due times for the ticket's priority (not saved).

    Without a target for the priority or without opening hours there is no
    SLA, and the due times stay empty.
    """
    target = selectors.sla_target_for(ticket.priority)
    calendar = selectors.business_calendar()
    if target is None or not calendar.has_hours():
        ticket.response_due_at = ticket.resolution_due_at = None
        return
    ticket.response_due_at = add_business_time(
        at, timedelta(minutes=target.response_minutes), calendar
    )
    ticket.resolution_due_at = add_business_time(
        at, timedelta(minutes=target.resolution_minutes), calendar
    )


def ticket_sla_pause(*, ticket: Ticket, at: datetime) -> None:
    """Stop the resolution clock, keeping the business time that was left (not saved)."""
    if ticket.resolution_due_at is None or ticket.sla_paused_remaining is not None:
        return
    ticket.sla_paused_remaining = business_time_between(
        at, ticket.resolution_due_at, selectors.business_calendar()
    )
    ticket.resolution_due_at = None


def ticket_sla_resume(*, ticket: Ticket, at: datetime) -> None:
    """Restart the resolution clock with the business time that was left (not saved)."""
    if ticket.sla_paused_remaining is None:
        return
    calendar = selectors.business_calendar()
    if calendar.has_hours():
        ticket.resolution_due_at = add_business_time(at, ticket.sla_paused_remaining, calendar)
    ticket.sla_paused_remaining = None


def tickets_flag_breaches(*, batch: int = 500) -> int:
    """Mark open requests whose response or resolution due time passed; returns how many."""
    now = clock.now()
    late = (
        Ticket.objects.filter(status__in=OPEN_STATUSES, is_breached=False)
        .filter(
            Q(resolution_due_at__lt=now)
            | Q(first_response_at__isnull=True, response_due_at__lt=now)
        )
        .order_by("resolution_due_at")
        .values_list("pk", flat=True)[:batch]
    )
    flagged = 0
    for pk in list(late):
        with transaction.atomic():
            ticket = Ticket.objects.select_for_update().get(pk=pk)
            if ticket.is_breached:
                continue
            ticket.is_breached = True
            ticket.save(update_fields=["is_breached"])
            due = ticket.resolution_due_at or ticket.response_due_at
            events.ticket_sla_breached_event(ticket=ticket, due=due.isoformat() if due else "")
            signals.ticket_sla_breached.send(sender=Ticket, ticket=ticket, acting_user=None)
            flagged += 1
    logger.info("flagged %d requests as SLA breached", flagged)
    return flagged


def tickets_auto_close_resolved(*, batch: int = 500) -> int:
    """Close requests resolved more than TICKETS_AUTO_CLOSE_DAYS ago; returns how many."""
    from .status import ticket_set_status

    limit = clock.now() - timedelta(days=settings.TICKETS_AUTO_CLOSE_DAYS)
    ids = list(
        Ticket.objects.filter(status=TicketStatus.RESOLVED, resolved_at__lt=limit)
        .order_by("resolved_at")
        .values_list("pk", flat=True)[:batch]
    )
    closed = 0
    for pk in ids:
        with transaction.atomic():
            ticket = Ticket.objects.select_for_update().get(pk=pk)
            if ticket.status != TicketStatus.RESOLVED:
                continue
            ticket_set_status(ticket=ticket, status=TicketStatus.CLOSED, acting_user=None)
            closed += 1
    logger.info("auto-closed %d resolved requests", closed)
    return closed
