from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from tickets.models import TicketEvent
from tickets.tests.factories import file_ticket

from ...events import AppointmentEvent
from ...models import Appointment, AppointmentStatus, Closure
from ...services import SlotTaken, appointment_book, appointment_offer
from ..helpers import NOW, TUESDAY, at, ics_event, last_mail

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def test_student_books_an_offered_slot_with_audit_row_and_ics(invited, student):
    appointment = appointment_book(
        ticket=invited.ticket, starts_at=at(TUESDAY, 10), acting_user=student
    )
    assert appointment.pk == invited.pk
    assert appointment.status == AppointmentStatus.BOOKED
    assert appointment.ends_at - appointment.starts_at == timedelta(minutes=30)
    event = TicketEvent.objects.filter(ticket=invited.ticket).order_by("-id").first()
    assert event.type == AppointmentEvent.BOOKED
    assert event.acting_user == student
    calendar, vevent = ics_event(last_mail("appointment_confirmed"))
    assert str(calendar["METHOD"]) == "REQUEST"
    assert str(vevent["UID"]) == appointment.uid
    assert vevent.decoded("DTSTART") == at(TUESDAY, 10)
    assert str(vevent["DTSTART"].params["TZID"]) == "Europe/Brussels"
    assert calendar.walk("VTIMEZONE")


def test_the_desk_can_book_without_an_invitation(student, category, agent_first_line):
    ticket = file_ticket(student, category=category)
    appointment = appointment_book(
        ticket=ticket, starts_at=at(TUESDAY, 9), channel="phone", acting_user=agent_first_line
    )
    assert appointment.channel == "phone"
    assert appointment.agent == agent_first_line


def test_a_requester_cannot_book_without_an_invitation(student, category):
    ticket = file_ticket(student, category=category)
    with pytest.raises(ValidationError) as error:
        appointment_book(ticket=ticket, starts_at=at(TUESDAY, 9), acting_user=student)
    assert error.value.code == "not_offered"
    assert not Appointment.objects.exists()


def test_no_booking_for_someone_elses_request(invited, other_student):
    with pytest.raises(PermissionDenied):
        appointment_book(ticket=invited.ticket, starts_at=at(TUESDAY, 9), acting_user=other_student)
    invited.refresh_from_db()
    assert invited.status == AppointmentStatus.INVITED


@pytest.mark.parametrize(
    ("when", "code"),
    [
        (at(TUESDAY, 13), "not_open"),  # after closing
        (at(TUESDAY, 9, 10), "not_open"),  # off the grid
        (at(TUESDAY + timedelta(days=4), 10), "not_open"),  # a Saturday
        (NOW - timedelta(hours=1), "past"),
    ],
)
def test_no_booking_outside_opening_hours_or_in_the_past(invited, student, when, code):
    with pytest.raises(ValidationError) as error:
        appointment_book(ticket=invited.ticket, starts_at=when, acting_user=student)
    assert error.value.code == code
    invited.refresh_from_db()
    assert invited.status == AppointmentStatus.INVITED


def test_no_booking_on_a_closure(invited, student, schedule):
    Closure.objects.create(
        desk=schedule.desk, starts_at=at(TUESDAY, 9), ends_at=at(TUESDAY, 12), reason="Training"
    )
    with pytest.raises(ValidationError) as error:
        appointment_book(ticket=invited.ticket, starts_at=at(TUESDAY, 10), acting_user=student)
    assert error.value.code == "not_open"


def test_a_taken_slot_gets_the_clear_message(invited, student, other_student, category):
    appointment_book(ticket=invited.ticket, starts_at=at(TUESDAY, 10), acting_user=student)
    other = file_ticket(other_student, category=category)
    offer = appointment_offer(ticket=other, channel="phone", acting_user=invited.agent or _agent())
    with pytest.raises(SlotTaken) as error:
        appointment_book(ticket=other, starts_at=at(TUESDAY, 10), acting_user=other_student)
    assert error.value.code == "slot_taken"
    offer.refresh_from_db()
    assert offer.status == AppointmentStatus.INVITED


def _agent():
    from accounts.models import User

    return User.objects.get(username="agent1")


def test_the_database_refuses_an_overlap_the_python_check_missed(invited, student, schedule):
    """Bypass the service's check: the constraint alone must refuse the second row."""
    from django.db import IntegrityError, transaction

    appointment_book(ticket=invited.ticket, starts_at=at(TUESDAY, 10), acting_user=student)
    other = file_ticket(student, category=invited.ticket.category)
    with pytest.raises(IntegrityError), transaction.atomic():
        Appointment.objects.create(
            ticket=other,
            desk=schedule.desk,
            channel="desk",
            status=AppointmentStatus.BOOKED,
            agent=invited.agent or _agent(),
            starts_at=at(TUESDAY, 10),
            ends_at=at(TUESDAY, 10, 30),
            created_at=NOW,
            updated_at=NOW,
        )


def test_no_appointment_on_a_finished_request(student, category, agent_first_line):
    from tickets.services import ticket_set_status

    ticket = file_ticket(student, category=category)
    ticket_set_status(ticket=ticket, status="resolved", acting_user=agent_first_line)
    with pytest.raises(ValidationError) as error:
        appointment_offer(ticket=ticket, channel="desk", acting_user=agent_first_line)
    assert error.value.code == "ticket_finished"


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the exclusion constraint exists on PostgreSQL only",
)
def test_postgres_refuses_an_overlap_with_a_different_start(invited, student, schedule):
    """Not the same start (the unique constraint would not see it): the ranges overlap."""
    from django.db import IntegrityError, transaction

    appointment_book(ticket=invited.ticket, starts_at=at(TUESDAY, 10), acting_user=student)
    other = file_ticket(student, category=invited.ticket.category)
    with pytest.raises(IntegrityError), transaction.atomic():
        Appointment.objects.create(
            ticket=other,
            desk=schedule.desk,
            channel="phone",
            status=AppointmentStatus.BOOKED,
            agent=_agent(),
            starts_at=at(TUESDAY, 10, 15),
            ends_at=at(TUESDAY, 10, 45),
            created_at=NOW,
            updated_at=NOW,
        )
