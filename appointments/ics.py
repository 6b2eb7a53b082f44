"""The calendar invitation (.ics) mailed with every booking change (iMIP, RFC 6047).

One UID per appointment for its whole life; SEQUENCE counts the changes,
so a calendar client replaces the earlier version on a reschedule and
removes the event on METHOD:CANCEL. Times are written in Europe/Brussels
with its VTIMEZONE, so a client shows the local time the desk means.

The VTIMEZONE is written by hand from the EU rule (last Sunday of March
and of October) rather than generated from zoneinfo: icalendar's generated
one is a long RDATE list that ends in a given year, and ical.js and vobject
read times after its last entry an hour off (09:00 showed as 10:00 from
28 March 2027). Two RRULEs are valid for every year to come.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from icalendar import (
    Calendar,
    Event,
    Timezone,
    TimezoneDaylight,
    TimezoneStandard,
    vCalAddress,
    vRecur,
    vText,
)

from core import clock
from core.business_hours import DESK_ZONE

from .models import Appointment, AppointmentStatus, Channel

PRODID = "-//University IT Servicedesk//Appointments//EN"
TZID = "Europe/Brussels"


@dataclass(frozen=True)
class Invitation:
    """An .ics and its iTIP method, which the mail's content type repeats."""

    method: str  # "REQUEST" or "CANCEL"
    content: bytes

    @property
    def mimetype(self) -> str:
        return f"text/calendar; method={self.method}"


def _where(appointment: Appointment) -> str:
    if appointment.channel == Channel.DESK and appointment.location is not None:
        return f"{appointment.location.name}, {appointment.location.address}"
    return str(appointment.get_channel_display())


def brussels_vtimezone() -> Timezone:
    """Europe/Brussels as RFC 5545 rules: CET in winter, CEST from the last Sunday of March."""
    timezone = Timezone()
    timezone.add("tzid", TZID)
    summer = TimezoneDaylight()
    summer.add("tzname", "CEST")
    summer.add("tzoffsetfrom", timedelta(hours=1))
    summer.add("tzoffsetto", timedelta(hours=2))
    summer.add("dtstart", datetime(1981, 3, 29, 2, 0))
    summer.add("rrule", vRecur(freq="YEARLY", bymonth=3, byday="-1SU"))
    winter = TimezoneStandard()
    winter.add("tzname", "CET")
    winter.add("tzoffsetfrom", timedelta(hours=2))
    winter.add("tzoffsetto", timedelta(hours=1))
    winter.add("dtstart", datetime(1996, 10, 27, 3, 0))
    winter.add("rrule", vRecur(freq="YEARLY", bymonth=10, byday="-1SU"))
    timezone.add_component(summer)
    timezone.add_component(winter)
    return timezone


def appointment_invitation(appointment: Appointment, *, language: str) -> Invitation:
    """The iCalendar object for the appointment's current state, in ``language``."""
    cancelled = appointment.status == AppointmentStatus.CANCELLED
    method = "CANCEL" if cancelled else "REQUEST"
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
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    calendar.add_component(brussels_vtimezone())
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
    event.add("transp", "OPAQUE")
    # The desk organises; replies would go to a no-reply address, so none are asked.
    organizer = vCalAddress(f"mailto:{_address(settings.DEFAULT_FROM_EMAIL)}")
    organizer.params["cn"] = vText("Servicedesk")
    event.add("organizer", organizer)
    attendee = vCalAddress(f"mailto:{appointment.ticket.requester_email}")
    if appointment.ticket.requester_name:
        attendee.params["cn"] = vText(appointment.ticket.requester_name)
    attendee.params["cutype"] = vText("INDIVIDUAL")
    attendee.params["role"] = vText("REQ-PARTICIPANT")
    attendee.params["partstat"] = vText("ACCEPTED")
    attendee.params["rsvp"] = vText("FALSE")
    event.add("attendee", attendee)
    calendar.add_component(event)
    return Invitation(method=method, content=calendar.to_ical())


def appointment_ics(appointment: Appointment, *, language: str) -> bytes:
    """The .ics file (the download and the mail's attachment)."""
    return appointment_invitation(appointment, language=language).content


def _local(moment: datetime) -> datetime:
    return moment.astimezone(DESK_ZONE)


def _address(from_email: str) -> str:
    """The bare address of a ``Name <address>`` sender."""
    if "<" in from_email and from_email.endswith(">"):
        return from_email.rsplit("<", 1)[1][:-1]
    return from_email
