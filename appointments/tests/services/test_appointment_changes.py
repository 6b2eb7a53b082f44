from datetime import datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError

from tickets.models import TicketEvent
from tickets.tests.factories import file_ticket

from ...events import AppointmentEvent
from ...models import AppointmentStatus
from ...services import (
    appointment_book,
    appointment_cancel,
    appointment_mark,
    appointment_offer,
    appointment_reschedule,
)
from ..helpers import NOW, TUESDAY, at, ics_event, last_mail

pytestmark = pytest.mark.django_db


@pytest.fixture
def booked(student, category, agent_first_line):
    with time_machine.travel(NOW, tick=False):
        ticket = file_ticket(student, category=category)
        appointment_offer(ticket=ticket, channel="remote", acting_user=agent_first_line)
        return appointment_book(ticket=ticket, starts_at=at(TUESDAY, 10), acting_user=student)


def test_reschedule_keeps_the_uid_and_counts_the_sequence_up(booked, student):
    with time_machine.travel(NOW, tick=False):
        moved = appointment_reschedule(
            appointment=booked, starts_at=at(TUESDAY, 11), acting_user=student
        )
    assert moved.uid == booked.uid
    assert moved.sequence == 1
    assert moved.starts_at == at(TUESDAY, 11)
    _calendar, vevent = ics_event(last_mail("appointment_rescheduled"))
    assert (str(vevent["UID"]), vevent["SEQUENCE"]) == (booked.uid, 1)
    event = TicketEvent.objects.filter(type=AppointmentEvent.RESCHEDULED).get()
    assert datetime.fromisoformat(event.data["old"]["starts_at"]) == at(TUESDAY, 10)


def test_reschedule_onto_its_own_neighbouring_slot_is_allowed(booked, student):
    with time_machine.travel(NOW, tick=False):
        moved = appointment_reschedule(
            appointment=booked, starts_at=at(TUESDAY, 10, 30), acting_user=student
        )
    assert moved.starts_at == at(TUESDAY, 10, 30)


def test_cancel_sends_method_cancel(booked, student):
    with time_machine.travel(NOW, tick=False):
        appointment_cancel(appointment=booked, acting_user=student, reason="Solved it myself")
    booked.refresh_from_db()
    assert booked.status == AppointmentStatus.CANCELLED
    calendar, vevent = ics_event(last_mail("appointment_cancelled"))
    assert str(calendar["METHOD"]) == "CANCEL"
    assert vevent["SEQUENCE"] == 1
    assert TicketEvent.objects.filter(type=AppointmentEvent.CANCELLED).exists()


def test_the_requester_cannot_change_after_the_cutoff(booked, student):
    late = at(TUESDAY, 10) - timedelta(hours=23)
    with time_machine.travel(late, tick=False):
        with pytest.raises(ValidationError) as error:
            appointment_cancel(appointment=booked, acting_user=student)
        assert error.value.code == "past_cutoff"
        with pytest.raises(ValidationError):
            appointment_reschedule(
                appointment=booked, starts_at=at(TUESDAY, 11), acting_user=student
            )
    booked.refresh_from_db()
    assert booked.status == AppointmentStatus.BOOKED


def test_the_agent_may_still_cancel_after_the_cutoff(booked, agent_first_line):
    with time_machine.travel(at(TUESDAY, 9), tick=False):
        appointment_cancel(appointment=booked, acting_user=agent_first_line)
    booked.refresh_from_db()
    assert booked.status == AppointmentStatus.CANCELLED


def test_agent_marks_no_show_only_once_it_started(booked, agent_first_line, student):
    with time_machine.travel(at(TUESDAY, 9), tick=False), pytest.raises(ValidationError):
        appointment_mark(appointment=booked, outcome="no_show", acting_user=agent_first_line)
    with time_machine.travel(at(TUESDAY, 10, 20), tick=False):
        with pytest.raises(ValidationError):
            appointment_mark(appointment=booked, outcome="done", acting_user=student)
        appointment_mark(appointment=booked, outcome="no_show", acting_user=agent_first_line)
    booked.refresh_from_db()
    assert booked.status == AppointmentStatus.NO_SHOW
    assert TicketEvent.objects.filter(type=AppointmentEvent.NO_SHOW).exists()


def test_only_staff_offer(student, category):
    ticket = file_ticket(student, category=category)
    with pytest.raises(ValidationError):
        appointment_offer(ticket=ticket, channel="desk", acting_user=student)


def test_declining_an_invitation_leaves_a_cancelled_row_without_a_time(
    student, category, agent_first_line
):
    with time_machine.travel(NOW, tick=False):
        ticket = file_ticket(student, category=category)
        invited = appointment_offer(ticket=ticket, channel="phone", acting_user=agent_first_line)
        appointment_cancel(appointment=invited, acting_user=student, reason="Solved")
    invited.refresh_from_db()
    assert (invited.status, invited.starts_at, invited.agent) == ("cancelled", None, None)
    assert last_mail("appointment_cancelled").attachments.count() == 0
