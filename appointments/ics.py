"""The calendar invitation (.ics) mailed with every booking change.

One UID per appointment for its whole life; SEQUENCE counts the changes,
so a calendar client replaces the earlier version on a reschedule and
removes the event on METHOD:CANCEL. Times are written in Europe/Brussels
with its VTIMEZONE, so a client shows the local time the desk means.
"""

from datetime import datetime

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vCalAddress, vText

from tickets import clock
from tickets.sla import DESK_ZONE

from .models import Appointment, AppointmentStatus, Channel

PRODID = "-//University IT Servicedesk//Appointments//EN"


def _where(appointment: Appointment) -> str:
    if appointment.channel == Channel.DESK and appointment.location is not None:
        return f"{appointment.location.name}, {appointment.location.address}"
    return str(appointment.get_channel_display())


def appointment_ics(appointment: Appointment, *, language: str) -> bytes:
    """The iCalendar text for the appointment's current state."""
    cancelled = appointment.status == AppointmentStatus.CANCELLED
    with translation.override(language):
        summary = _("Servicedesk appointment %(reference)s") % {
            "reference": appointment.ticket.reference
        }
        description = _("About your request: %(subject)s\nHow: %(channel)s") % {
            "subject": appointment.ticket.subject,
            "channel": appointment.get_channel_display(),
        }
        location = _where(appointment)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancelled else "REQUEST")
    event = Event()
    event.add("uid", appointment.uid)
    event.add("sequence", appointment.sequence)
    event.add("dtstamp", clock.now())
    event.add("dtstart", _local(appointment.starts_at))
    event.add("dtend", _local(appointment.ends_at))
    event.add("summary", summary)
    event.add("description", description)
    event.add("location", location)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    organizer = vCalAddress(f"mailto:{_address(settings.DEFAULT_FROM_EMAIL)}")
    organizer.params["cn"] = vText("Servicedesk")
    event.add("organizer", organizer)
    attendee = vCalAddress(f"mailto:{appointment.ticket.requester_email}")
    attendee.params["cn"] = vText(appointment.ticket.requester_name)
    attendee.params["role"] = vText("REQ-PARTICIPANT")
    event.add("attendee", attendee)
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def _local(moment: datetime) -> datetime:
    return moment.astimezone(DESK_ZONE)


def _address(from_email: str) -> str:
    """The bare address of a ``Name <address>`` sender."""
    if "<" in from_email and from_email.endswith(">"):
        return from_email.rsplit("<", 1)[1][:-1]
    return from_email
