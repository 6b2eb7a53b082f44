"""One writer per appointment event; rows land in the request's audit trail.

The trail is ``tickets.TicketEvent``, so agents read appointments in the same
history as every other change to the request, and the requester's page shows
the appointment part of it. The event types are this app's own
(``AppointmentEvent``), registered into the trail in ``apps.ready`` with the
sentence each one reads as (``DESCRIBERS`` below).
"""

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy

from accounts.models import User
from core import clock
from tickets.event_text import DESCRIBERS
from tickets.models import TicketEvent

from .models import Appointment, AppointmentStatus


class AppointmentEvent(models.TextChoices):
    """The appointment's events in the request's trail (the values rows already hold)."""

    OFFERED = "appointment_offered", gettext_lazy("Appointment offered")
    BOOKED = "appointment_booked", gettext_lazy("Appointment booked")
    RESCHEDULED = "appointment_moved", gettext_lazy("Appointment rescheduled")
    CANCELLED = "appointment_cancelled", gettext_lazy("Appointment cancelled")
    DONE = "appointment_done", gettext_lazy("Appointment done")
    NO_SHOW = "appointment_no_show", gettext_lazy("Appointment: no-show")


# The outcome an agent records, as the event the trail shows for it.
EVENT_OF_OUTCOME = {
    AppointmentStatus.DONE: AppointmentEvent.DONE,
    AppointmentStatus.NO_SHOW: AppointmentEvent.NO_SHOW,
}

E = AppointmentEvent


def _snapshot(appointment: Appointment) -> dict[str, Any]:
    return {
        "id": appointment.pk,
        "channel": appointment.channel,
        "starts_at": appointment.starts_at.isoformat() if appointment.starts_at else None,
        "agent": appointment.agent_id,
        "agent_name": appointment.agent.get_full_name() if appointment.agent_id else "",
    }


def _write(
    appointment: Appointment, type_: str, acting_user: User | None, **data: Any
) -> TicketEvent:
    return TicketEvent.objects.create(
        ticket_id=appointment.ticket_id,
        type=type_,
        acting_user=acting_user if acting_user and acting_user.pk else None,
        created_at=clock.now(),
        data=data,
    )


def appointment_offered_event(*, appointment: Appointment, acting_user: User | None):
    return _write(appointment, E.OFFERED, acting_user, new=_snapshot(appointment))


def appointment_booked_event(*, appointment: Appointment, acting_user: User | None):
    return _write(appointment, E.BOOKED, acting_user, new=_snapshot(appointment))


def appointment_rescheduled_event(
    *, appointment: Appointment, acting_user: User | None, old: dict
) -> TicketEvent:
    return _write(appointment, E.RESCHEDULED, acting_user, old=old, new=_snapshot(appointment))


def appointment_cancelled_event(
    *, appointment: Appointment, acting_user: User | None, reason: str
) -> TicketEvent:
    return _write(
        appointment,
        E.CANCELLED,
        acting_user,
        old=_snapshot(appointment),
        reason=reason,
    )


def appointment_marked_event(*, appointment: Appointment, acting_user: User | None) -> TicketEvent:
    type_ = EVENT_OF_OUTCOME[AppointmentStatus(appointment.status)]
    return _write(appointment, type_, acting_user, new=_snapshot(appointment))


snapshot = _snapshot


def _describe(data: dict[str, Any]) -> str:
    """An appointment event in words: when (local time), how and with whom."""
    from django.utils.translation import gettext as _

    from tickets.event_text import local_time

    from .models import Channel

    snapshot = data.get("new") or data.get("old") or {}
    try:
        channel = Channel(snapshot.get("channel")).label
    except ValueError:
        channel = "—"
    if not snapshot.get("starts_at"):
        text = _("%(channel)s, time still to choose") % {"channel": channel}
    else:
        text = _("%(when)s, %(channel)s") % {
            "when": local_time(snapshot.get("starts_at")),
            "channel": channel,
        }
    if snapshot.get("agent_name"):
        text += " " + _("with %(agent)s") % {"agent": snapshot["agent_name"]}
    if data.get("reason"):
        text += f" ({data['reason']})"
    return text


DESCRIBERS.update({type_: _describe for type_ in AppointmentEvent})
