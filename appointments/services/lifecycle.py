"""Cancel, mark the outcome, and remind: the rest of an appointment's life."""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from core import clock
from tickets.access import check_may_act

from .. import events, notifications, selectors, signals
from ..models import Appointment, AppointmentStatus
from .checks import check_requester_cutoff, is_staff_actor

logger = logging.getLogger(__name__)


def _fresh(appointment: Appointment) -> Appointment:
    return (
        Appointment.objects.select_for_update(of=("self",))
        .select_related("ticket", "location")
        .get(pk=appointment.pk)
    )


@transaction.atomic
def appointment_cancel(
    *, appointment: Appointment, acting_user: User | None, reason: str = ""
) -> Appointment:
    """Cancel an invitation or a booking; the calendar gets METHOD:CANCEL."""
    check_may_act(ticket=appointment.ticket, acting_user=acting_user)
    appointment = _fresh(appointment)
    if not appointment.is_active:
        raise ValidationError(_("This appointment is no longer active."), code="not_active")
    schedule = selectors.schedule_for_desk(appointment.desk_id)
    if schedule is not None:
        check_requester_cutoff(appointment=appointment, schedule=schedule, acting_user=acting_user)
    appointment.status = AppointmentStatus.CANCELLED
    appointment.sequence += 1
    appointment.updated_at = clock.now()
    appointment.save(update_fields=["status", "sequence", "updated_at"])
    events.appointment_cancelled_event(
        appointment=appointment, acting_user=acting_user, reason=reason[:500]
    )
    signals.appointment_cancelled.send(
        sender=Appointment, appointment=appointment, acting_user=acting_user
    )
    notifications.send_cancelled(appointment)
    return appointment


@transaction.atomic
def appointment_mark(*, appointment: Appointment, outcome: str, acting_user: User) -> Appointment:
    """The agent records how a booked appointment went: ``done`` or ``no_show``."""
    if outcome not in events.EVENT_OF_OUTCOME:
        raise ValidationError(_("Unknown outcome."), code="outcome")
    check_may_act(ticket=appointment.ticket, acting_user=acting_user)
    if not is_staff_actor(acting_user):
        raise ValidationError(_("Only the desk can mark an appointment."), code="staff_only")
    appointment = _fresh(appointment)
    if appointment.status != AppointmentStatus.BOOKED:
        raise ValidationError(_("Only a booked appointment can be marked."), code="not_booked")
    if appointment.starts_at > clock.now():
        raise ValidationError(
            _("An appointment can be marked once it has started."), code="not_started"
        )
    appointment.status = outcome
    appointment.updated_at = clock.now()
    appointment.save(update_fields=["status", "updated_at"])
    events.appointment_marked_event(appointment=appointment, acting_user=acting_user)
    return appointment


def appointments_send_reminders() -> int:
    """Mail a reminder for each booking starting within the configured lead time.

    Safe to run twice or in parallel: a reminder is claimed with one
    conditional UPDATE (``reminder_sent_at`` still empty), so it goes out
    once. Returns how many were sent.
    """
    now = clock.now()
    lead = timedelta(minutes=settings.APPOINTMENTS_REMINDER_MINUTES_BEFORE)
    sent = 0
    for pk in list(selectors.reminders_due(now=now, lead=lead).values_list("pk", flat=True)[:500]):
        with transaction.atomic():
            claimed = Appointment.objects.filter(
                pk=pk, status=AppointmentStatus.BOOKED, reminder_sent_at__isnull=True
            ).update(reminder_sent_at=now)
            if not claimed:
                continue
            appointment = Appointment.objects.select_related("ticket", "location").get(pk=pk)
            notifications.send_reminder(appointment)
            sent += 1
    logger.info("appointment reminders sent: %s", sent)
    return sent
