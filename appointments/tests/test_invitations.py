"""The invitations as calendar apps and mail clients read them (RFC 5545, iMIP RFC 6047).

One booking is made in winter time, moved to the first Monday of summer
time 2027 (the date the old RDATE time zone was read an hour off), and
cancelled. Each mail goes through the real outbox delivery into an SMTP
sink; the raw message is parsed with Python's email package as a client
would, the ``text/calendar`` part is found inside ``multipart/alternative``
and read by two independent parsers, icalendar and vobject.
"""

from datetime import UTC, datetime

import pytest
import time_machine
import vobject
from icalendar import Calendar

from core.business_hours import DESK_ZONE
from core.testing.smtp import SmtpSink
from notifications.models import OutboxMail
from notifications.services import outbox_mail_deliver
from tickets.tests.factories import file_ticket

from ..services import appointment_book, appointment_cancel, appointment_reschedule
from .factories import category_for, open_schedule

pytestmark = pytest.mark.django_db

WINTER = datetime(2027, 1, 15, 9, 0, tzinfo=DESK_ZONE)  # a Friday, CET
SUMMER = datetime(2027, 3, 29, 9, 0, tzinfo=DESK_ZONE)  # the Monday after the change, CEST


@pytest.fixture
def sink(smtp_backend) -> SmtpSink:
    return smtp_backend


def delivered(event: str, sink: SmtpSink):
    """Send the newest mail of ``event`` for real; the message as the server received it."""
    row = OutboxMail.objects.filter(event=event).order_by("-id").first()
    before = len(sink.messages)
    assert outbox_mail_deliver(mail_id=row.pk)
    sink.wait_for(before + 1)
    return sink.messages[-1]


def calendar_part(message) -> tuple[str, str]:
    """(method, text) of the invitation in the alternative body; checks the attachment too."""
    assert message.get_content_type() == "multipart/mixed"
    (alternative,) = [
        part for part in message.iter_parts() if part.get_content_type() == "multipart/alternative"
    ]
    parts = list(alternative.iter_parts())
    assert [part.get_content_type() for part in parts] == [
        "text/plain",
        "text/html",
        "text/calendar",
    ]
    calendar = parts[2]
    assert calendar.get_content_charset() == "utf-8"
    text = calendar.get_content()
    (attachment,) = [a for a in message.iter_attachments() if a.get_filename() == "appointment.ics"]
    assert attachment.get_content_type() == "text/calendar"
    assert attachment.get_content() == text  # the .ics attachment is the same invitation
    return calendar.get_param("method"), text


def read_with_icalendar(text: str) -> dict:
    calendar = Calendar.from_ical(text)
    (vevent,) = calendar.walk("VEVENT")
    (timezone,) = calendar.walk("VTIMEZONE")
    # Rules, not a list of dates that runs out.
    assert [len(rule.get("RRULE", "")) > 0 for rule in timezone.subcomponents] == [True, True]
    assert not any("RDATE" in rule for rule in timezone.subcomponents)
    return {
        "method": str(calendar["METHOD"]),
        "uid": str(vevent["UID"]),
        "sequence": int(vevent["SEQUENCE"]),
        "start": vevent.decoded("DTSTART").astimezone(UTC),
        "status": str(vevent["STATUS"]),
        "summary": str(vevent["SUMMARY"]),
        "organizer": str(vevent["ORGANIZER"]),
        "attendee": str(vevent["ATTENDEE"]),
    }


def read_with_vobject(text: str) -> dict:
    """vobject builds the time zone from the file's own VTIMEZONE."""
    calendar = vobject.readOne(text)
    vevent = calendar.vevent
    return {
        "method": calendar.method.value,
        "uid": vevent.uid.value,
        "sequence": int(vevent.sequence.value),
        "start": vevent.dtstart.value.astimezone(UTC),
        "status": vevent.status.value,
        "summary": vevent.summary.value,
        "organizer": vevent.organizer.value,
        "attendee": vevent.attendee.value,
    }


@pytest.mark.parametrize(
    ("language", "summary"),
    [("nl", "Afspraak servicedesk {}"), ("en", "Servicedesk appointment {}")],
)
def test_book_move_and_cancel_reach_calendar_apps_at_the_right_instant(
    sink, student, agent_first_line, language, summary
):
    student.preferred_language = language
    student.save(update_fields=["preferred_language"])
    schedule = open_schedule(agents=[agent_first_line], horizon_days=120)
    schedule.desk.agents.add(agent_first_line)
    with time_machine.travel(datetime(2027, 1, 4, 8, 0, tzinfo=UTC), tick=False):
        ticket = file_ticket(student, category=category_for(schedule))
        booked = appointment_book(
            ticket=ticket, starts_at=WINTER, channel="phone", acting_user=agent_first_line
        )
        message_booked = delivered("appointment_confirmed", sink)
        moved = appointment_reschedule(
            appointment=booked, starts_at=SUMMER, acting_user=agent_first_line
        )
        message_moved = delivered("appointment_rescheduled", sink)
        appointment_cancel(appointment=moved, acting_user=agent_first_line)
        message_cancelled = delivered("appointment_cancelled", sink)

    seen = []
    for message in (message_booked, message_moved, message_cancelled):
        method, text = calendar_part(message)
        first, second = read_with_icalendar(text), read_with_vobject(text)
        assert first == second  # two independent parsers agree on everything
        assert first["method"] == method  # METHOD matches the content type's parameter
        seen.append(first)

    assert [(s["method"], s["status"], s["start"]) for s in seen] == [
        ("REQUEST", "CONFIRMED", datetime(2027, 1, 15, 8, 0, tzinfo=UTC)),
        ("REQUEST", "CONFIRMED", datetime(2027, 3, 29, 7, 0, tzinfo=UTC)),
        ("CANCEL", "CANCELLED", datetime(2027, 3, 29, 7, 0, tzinfo=UTC)),
    ]
    # One event for its whole life; each change outranks the one before.
    assert {s["uid"] for s in seen} == {booked.uid}
    assert seen[0]["sequence"] < seen[1]["sequence"] < seen[2]["sequence"]
    assert {s["organizer"] for s in seen} == {"mailto:servicedesk@example.org"}
    assert {s["attendee"] for s in seen} == {f"mailto:{student.email}"}
    assert {s["summary"] for s in seen} == {summary.format(ticket.reference)}
