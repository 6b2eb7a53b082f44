"""Replies: what a reply does to status, SLA clocks and mail."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError

from tickets.choices import TicketStatus
from tickets.services import ticket_reply, ticket_set_status
from tickets.tests.factories import file_ticket
from tickets.tests.mail import outbox_for


@pytest.mark.django_db
def test_desk_reply_starts_work_and_stops_the_response_clock(student, agent_first_line):
    ticket = file_ticket(student)
    ticket_reply(ticket=ticket, body="Try again now.", acting_user=agent_first_line)
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.IN_PROGRESS
    assert ticket.first_response_at is not None


@pytest.mark.django_db
def test_requester_reply_while_waiting_puts_it_back_in_progress(student, agent_first_line):
    ticket = file_ticket(student)
    ticket_set_status(ticket=ticket, status=TicketStatus.WAITING, acting_user=agent_first_line)
    ticket_reply(ticket=ticket, body="Here is the screenshot.", acting_user=student)
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.IN_PROGRESS


@pytest.mark.django_db
def test_reply_within_the_window_reopens_a_resolved_request(student, agent_first_line, settings):
    settings.TICKETS_REOPEN_DAYS = 7
    ticket = file_ticket(student)
    ticket_set_status(ticket=ticket, status=TicketStatus.RESOLVED, acting_user=agent_first_line)
    with time_machine.travel(ticket.resolved_at + timedelta(days=6), tick=False):
        ticket_reply(ticket=ticket, body="Still broken.", acting_user=student)
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.IN_PROGRESS
    assert ticket.resolved_at is None


@pytest.mark.django_db
def test_reply_after_the_window_is_refused(student, agent_first_line, settings):
    settings.TICKETS_REOPEN_DAYS = 7
    ticket = file_ticket(student)
    ticket_set_status(ticket=ticket, status=TicketStatus.RESOLVED, acting_user=agent_first_line)
    with (
        time_machine.travel(ticket.resolved_at + timedelta(days=8), tick=False),
        pytest.raises(ValidationError),
    ):
        ticket_reply(ticket=ticket, body="Still broken.", acting_user=student)
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.RESOLVED
    assert ticket.messages.count() == 0


@pytest.mark.django_db
def test_closed_request_takes_no_reply(student):
    ticket = file_ticket(student)
    ticket_set_status(ticket=ticket, status=TicketStatus.CLOSED, acting_user=student)
    with pytest.raises(ValidationError):
        ticket_reply(ticket=ticket, body="Hello?", acting_user=student)


@pytest.mark.django_db
def test_requester_cannot_write_internal_notes(student):
    ticket = file_ticket(student)
    with pytest.raises(ValidationError):
        ticket_reply(ticket=ticket, body="psst", acting_user=student, internal=True)


@pytest.mark.django_db
def test_internal_note_sends_no_mail_and_public_reply_does(
    student, agent_first_line, django_capture_on_commit_callbacks
):
    ticket = file_ticket(student)
    with django_capture_on_commit_callbacks():
        ticket_reply(ticket=ticket, body="note", acting_user=agent_first_line, internal=True)
    assert [m.event for m in outbox_for(ticket.reference)] == ["ticket_filed"]
    with django_capture_on_commit_callbacks():
        ticket_reply(ticket=ticket, body="Fixed it.", acting_user=agent_first_line)
    mails = outbox_for(ticket.reference)
    assert [m.event for m in mails] == ["ticket_filed", "ticket_reply"]
    assert ticket.reference in mails[-1].subject
    assert "Fixed it." in mails[-1].body_text


@pytest.mark.django_db
def test_waiting_pauses_the_resolution_clock_and_resuming_extends_it(student, agent_first_line):
    # Tuesday 24 Nov 10:00 Brussels.
    with time_machine.travel(datetime(2026, 11, 24, 9, tzinfo=UTC), tick=False):
        ticket = file_ticket(student, impact=1, urgency=1)
    due_before = ticket.resolution_due_at
    with time_machine.travel(datetime(2026, 11, 24, 10, tzinfo=UTC)):  # 1h used
        ticket_set_status(ticket=ticket, status=TicketStatus.WAITING, acting_user=agent_first_line)
    assert ticket.resolution_due_at is None
    assert ticket.sla_paused_remaining == timedelta(minutes=2400 - 60)
    # The requester answers two business days later: those days do not count.
    with time_machine.travel(datetime(2026, 11, 26, 10, tzinfo=UTC), tick=False):
        ticket_reply(ticket=ticket, body="Done.", acting_user=student)
    ticket.refresh_from_db()
    assert ticket.sla_paused_remaining is None
    assert ticket.resolution_due_at > due_before
    # 39h left from Thu 11:00: Thu 6 + Fri 8.5 + Mon 8.5 + Tue 8.5 + Wed 7.5 -> Wed 16:00.
    assert ticket.resolution_due_at == datetime(2026, 12, 2, 15, tzinfo=UTC)
