"""The reminder goes out once, the configured time before the start."""

from datetime import timedelta

import pytest
import time_machine

from notifications.models import OutboxMail
from tickets.tests.factories import file_ticket

from ...services import appointment_book, appointment_reschedule, appointments_send_reminders
from ...tasks import send_reminders
from ..helpers import NOW, TUESDAY, at

pytestmark = pytest.mark.django_db


@pytest.fixture
def booked(student, category, agent_first_line):
    with time_machine.travel(NOW, tick=False):
        ticket = file_ticket(student, category=category)
        return appointment_book(
            ticket=ticket, starts_at=at(TUESDAY, 10), channel="phone", acting_user=agent_first_line
        )


def reminders() -> int:
    return OutboxMail.objects.filter(event="appointment_reminder").count()


@pytest.mark.parametrize("lead_minutes", [24 * 60, 90])
def test_reminder_is_sent_once_at_the_configured_time(booked, settings, lead_minutes):
    settings.APPOINTMENTS_REMINDER_MINUTES_BEFORE = lead_minutes
    due = booked.starts_at - timedelta(minutes=lead_minutes)
    with time_machine.travel(due - timedelta(minutes=1), tick=False):
        assert appointments_send_reminders() == 0
    assert reminders() == 0
    with time_machine.travel(due, tick=False):
        assert send_reminders() == 1
        assert appointments_send_reminders() == 0  # the job may run twice
    assert reminders() == 1
    with time_machine.travel(booked.starts_at + timedelta(minutes=1), tick=False):
        assert appointments_send_reminders() == 0
    assert reminders() == 1


def test_a_moved_appointment_is_reminded_again(booked, student, settings):
    settings.APPOINTMENTS_REMINDER_MINUTES_BEFORE = 24 * 60
    with time_machine.travel(at(TUESDAY, 10) - timedelta(hours=24), tick=False):
        assert appointments_send_reminders() == 1
    with time_machine.travel(NOW, tick=False):
        appointment_reschedule(
            appointment=booked, starts_at=at(TUESDAY + timedelta(days=2), 10), acting_user=student
        )
    with time_machine.travel(at(TUESDAY + timedelta(days=1), 10), tick=False):
        assert appointments_send_reminders() == 1
    assert reminders() == 2
