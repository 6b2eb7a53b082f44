"""Offering, booking and rescheduling: where double booking is refused.

The database is the guard. On PostgreSQL an exclusion constraint forbids
two booked appointments of one agent whose time ranges overlap; on SQLite
a conditional unique constraint on (agent, start) does it for the fixed
slot grid and the IMMEDIATE transaction serialises writers. The check in
Python before the insert only picks a free agent and words the error: when
two requests race for the last free agent, the loser's insert fails inside
a savepoint and becomes ``SlotTaken``, never a 500.
"""

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.models import User
from core import clock
from tickets.access import check_may_act
from tickets.models import Ticket

from .. import events, notifications, selectors, signals
from ..models import Appointment, AppointmentSchedule, AppointmentStatus, Location
from .checks import check_requester_cutoff, check_start, is_staff_actor


class SlotTaken(ValidationError):
    """Someone else booked this time meanwhile; the caller shows fresh slots."""

    def __init__(self) -> None:
        super().__init__(
            _("Sorry, this time was just booked by someone else. Please choose another time."),
            code="slot_taken",
        )


def _schedule(ticket: Ticket) -> AppointmentSchedule:
    if not ticket.is_open:
        raise ValidationError(
            _("This request is finished; file a new one if you still need help."),
            code="ticket_finished",
        )
    schedule = selectors.schedule_for_desk(ticket.desk_id)
    if schedule is None:
        raise ValidationError(_("This desk does not take appointments."), code="no_schedule")
    return schedule


def _check_channel(schedule: AppointmentSchedule, channel: str) -> None:
    if channel not in schedule.channels():
        raise ValidationError(
            _("This desk does not offer that kind of appointment."), code="channel"
        )


def _lock_ticket(ticket: Ticket) -> Ticket:
    """Serialise changes to one request's appointments (one active at a time)."""
    return Ticket.objects.select_for_update().get(pk=ticket.pk)


def _default_location(schedule: AppointmentSchedule, channel: str) -> Location | None:
    if channel != "desk":
        return None
    return schedule.desk.locations.filter(is_active=True).order_by("pk").first()


def _place(
    appointment: Appointment,
    *,
    schedule: AppointmentSchedule,
    starts_at: datetime,
    agent: User | None,
    acting_user: User | None,
) -> None:
    """Put ``appointment`` on a free agent at ``starts_at`` and save, or raise.

    Agents are tried in order, each insert in its own savepoint, so losing a
    race for one agent falls through to the next free one.
    """
    check_start(starts_at=starts_at, schedule=schedule, acting_user=acting_user)
    slot = selectors.slot_at(
        schedule=schedule, starts_at=starts_at, exclude_appointment=appointment.pk
    )
    if slot is None:
        raise ValidationError(
            _("The desk does not take appointments at this time."), code="not_open"
        )
    candidates = slot.agent_ids
    if agent is not None:
        candidates = tuple(a for a in candidates if a == agent.pk)
    for agent_id in candidates:
        appointment.agent_id = agent_id
        appointment.starts_at, appointment.ends_at = slot.starts_at, slot.ends_at
        appointment.status = AppointmentStatus.BOOKED
        appointment.updated_at = clock.now()
        try:
            with transaction.atomic():
                appointment.save()
        except IntegrityError:
            continue
        return
    raise SlotTaken()


@transaction.atomic
def appointment_offer(*, ticket: Ticket, channel: str, acting_user: User) -> Appointment:
    """Invite the requester to choose a time for ``channel``; mails them the link."""
    check_may_act(ticket=ticket, acting_user=acting_user)
    if not is_staff_actor(acting_user):
        raise ValidationError(_("Only the desk can offer an appointment."), code="staff_only")
    schedule = _schedule(ticket)
    _check_channel(schedule, channel)
    ticket = _lock_ticket(ticket)
    if selectors.active_appointment(ticket) is not None:
        raise ValidationError(_("This request already has an appointment."), code="active")
    now = clock.now()
    appointment = Appointment.objects.create(
        ticket=ticket,
        desk_id=ticket.desk_id,
        channel=channel,
        status=AppointmentStatus.INVITED,
        location=_default_location(schedule, channel),
        created_at=now,
        updated_at=now,
    )
    events.appointment_offered_event(appointment=appointment, acting_user=acting_user)
    notifications.send_invitation(appointment)
    return appointment


@transaction.atomic
def appointment_book(
    *,
    ticket: Ticket,
    starts_at: datetime,
    acting_user: User | None,
    channel: str | None = None,
    agent: User | None = None,
    location: Location | None = None,
) -> Appointment:
    """Book the slot starting at ``starts_at`` for the request.

    Fills in an open invitation (its channel stands) or books directly (the
    desk, with ``channel``). Raises ``SlotTaken`` when the time went
    meanwhile, ``ValidationError`` for a time the desk is not open.
    """
    check_may_act(ticket=ticket, acting_user=acting_user)
    schedule = _schedule(ticket)
    ticket = _lock_ticket(ticket)
    appointment = selectors.active_appointment(ticket)
    if appointment is not None and appointment.status == AppointmentStatus.BOOKED:
        raise ValidationError(
            _("This request already has a booked appointment; reschedule it instead."),
            code="already_booked",
        )
    if appointment is None:
        if not is_staff_actor(acting_user):
            raise ValidationError(
                _("The desk has not offered an appointment for this request."), code="not_offered"
            )
        now = clock.now()
        appointment = Appointment(
            ticket=ticket, desk_id=ticket.desk_id, channel=channel or "", created_at=now
        )
    elif channel and is_staff_actor(acting_user):
        appointment.channel = channel
    _check_channel(schedule, appointment.channel)
    if location is not None:
        appointment.location = location
    elif appointment.location_id is None:
        appointment.location = _default_location(schedule, appointment.channel)
    appointment.ticket = ticket
    _place(
        appointment, schedule=schedule, starts_at=starts_at, agent=agent, acting_user=acting_user
    )
    events.appointment_booked_event(appointment=appointment, acting_user=acting_user)
    signals.appointment_booked.send(
        sender=Appointment, appointment=appointment, acting_user=acting_user
    )
    notifications.send_confirmation(appointment)
    return appointment


@transaction.atomic
def appointment_reschedule(
    *,
    appointment: Appointment,
    starts_at: datetime,
    acting_user: User | None,
    agent: User | None = None,
) -> Appointment:
    """Move a booked appointment; the same calendar UID with the next SEQUENCE."""
    check_may_act(ticket=appointment.ticket, acting_user=acting_user)
    schedule = _schedule(appointment.ticket)
    _lock_ticket(appointment.ticket)
    appointment = Appointment.objects.select_related("ticket", "location").get(pk=appointment.pk)
    if appointment.status != AppointmentStatus.BOOKED:
        raise ValidationError(_("Only a booked appointment can be moved."), code="not_booked")
    check_requester_cutoff(appointment=appointment, schedule=schedule, acting_user=acting_user)
    old = events.snapshot(appointment)
    appointment.sequence += 1
    appointment.reminder_sent_at = None
    _place(
        appointment, schedule=schedule, starts_at=starts_at, agent=agent, acting_user=acting_user
    )
    events.appointment_rescheduled_event(appointment=appointment, acting_user=acting_user, old=old)
    notifications.send_rescheduled(appointment)
    return appointment


@dataclass(frozen=True)
class Chosen:
    """What choosing a time did: ``moved`` is a booking moved, else an invitation booked."""

    appointment: Appointment
    moved: bool


@transaction.atomic
def appointment_choose(*, ticket: Ticket, starts_at: datetime, acting_user: User | None) -> Chosen:
    """The requester picks a time: it books the invitation, or moves the booking there.

    The one rule behind the requester's page and the API's POST: which of the
    two happens depends on the active appointment, read under the request's
    lock so two quick clicks cannot both book. Refusals are the services'
    own (``SlotTaken``, ``ValidationError`` with a code, ``PermissionDenied``).
    """
    check_may_act(ticket=ticket, acting_user=acting_user)
    _lock_ticket(ticket)
    appointment = selectors.active_appointment(ticket)
    if appointment is not None and appointment.status == AppointmentStatus.BOOKED:
        appointment.ticket = ticket
        moved = appointment_reschedule(
            appointment=appointment, starts_at=starts_at, acting_user=acting_user
        )
        return Chosen(appointment=moved, moved=True)
    booked = appointment_book(ticket=ticket, starts_at=starts_at, acting_user=acting_user)
    return Chosen(appointment=booked, moved=False)
