"""The checks every booking shares; who may act on the request is ``tickets.access``."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from accounts.models import User
from core import clock
from tickets.models import Ticket

from ..models import Appointment, AppointmentSchedule, AppointmentStatus


def is_staff_actor(user: User | None) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_staff)


def check_requester_cutoff(
    *, appointment: Appointment, schedule: AppointmentSchedule, acting_user: User | None
) -> None:
    """A requester may change a booking only up to the desk's cut-off before it starts."""
    if is_staff_actor(acting_user) or appointment.starts_at is None:
        return
    if appointment.starts_at - clock.now() < timedelta(hours=schedule.change_cutoff_hours):
        raise ValidationError(
            _(
                "This appointment starts within %(hours)s hours and can no longer be "
                "changed online. Reply to your request and we will help."
            )
            % {"hours": schedule.change_cutoff_hours},
            code="past_cutoff",
        )


def check_start(
    *, starts_at: datetime, schedule: AppointmentSchedule, acting_user: User | None
) -> None:
    """No booking in the past; requesters also respect the minimum notice."""
    now = clock.now()
    if starts_at <= now:
        raise ValidationError(_("This time has already passed."), code="past")
    if not is_staff_actor(acting_user):
        if starts_at < now + timedelta(minutes=schedule.min_notice_minutes):
            raise ValidationError(_("This time is too soon to book."), code="too_soon")
        horizon = now + timedelta(days=schedule.horizon_days)
        if starts_at > horizon:
            raise ValidationError(_("This time is too far ahead to book."), code="too_far")


@dataclass(frozen=True)
class RequesterOptions:
    """What the requester can still do online with the active appointment."""

    can_book: bool
    can_reschedule: bool
    can_cancel: bool


def requester_options(
    *, ticket: Ticket, appointment: Appointment, schedule: AppointmentSchedule | None
) -> RequesterOptions:
    """The services' own checks, asked in advance so an app can hide a dead button.

    Only a hint: the service still decides when the requester acts (a slot
    may be gone or the cut-off passed by then). ``ticket`` is passed so no
    query is needed for ``appointment.ticket``.
    """
    bookable = ticket.is_open and schedule is not None
    before_cutoff = True
    if schedule is not None:
        try:
            check_requester_cutoff(appointment=appointment, schedule=schedule, acting_user=None)
        except ValidationError:
            before_cutoff = False
    booked = appointment.status == AppointmentStatus.BOOKED
    return RequesterOptions(
        can_book=bookable and not booked and appointment.channel in schedule.channels(),
        can_reschedule=bookable and booked and before_cutoff,
        can_cancel=appointment.is_active and before_cutoff,
    )
