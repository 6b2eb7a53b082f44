"""Escalate, return, forward, assign: state, audit rows and mails."""

import pytest
from django.core.exceptions import ValidationError

from tickets.choices import Line, TicketStatus
from tickets.models import StandardAnswer, TicketEvent
from tickets.services import (
    TicketStatusError,
    standard_answer_render,
    ticket_assign,
    ticket_escalate,
    ticket_forward_to_office,
    ticket_return_to_first_line,
    ticket_set_status,
)
from tickets.tests.factories import (
    OfficeFactory,
    ResolverGroupFactory,
    StandardAnswerFactory,
    file_ticket,
)
from tickets.tests.mail import outbox_for


@pytest.mark.django_db
def test_escalation_needs_a_note(student, agent_first_line):
    ticket = file_ticket(student)
    with pytest.raises(ValidationError):
        ticket_escalate(
            ticket=ticket, group=ResolverGroupFactory(), note="  ", acting_user=agent_first_line
        )
    ticket.refresh_from_db()
    assert ticket.line == Line.FIRST


@pytest.mark.django_db
def test_escalation_moves_to_second_line_with_an_internal_note_and_tells_the_requester(
    student, agent_first_line, django_capture_on_commit_callbacks
):
    ticket = file_ticket(student)
    group = ResolverGroupFactory()
    with django_capture_on_commit_callbacks():
        ticket_escalate(ticket=ticket, group=group, note="Portal bug", acting_user=agent_first_line)
    ticket.refresh_from_db()
    assert (ticket.line, ticket.resolver_group, ticket.status) == (
        Line.SECOND,
        group,
        TicketStatus.IN_PROGRESS,
    )
    note = ticket.messages.get()
    assert note.is_internal and note.body == "Portal bug"
    event = TicketEvent.objects.get(ticket=ticket, type="escalated")
    assert event.data["new"]["id"] == group.pk and event.data["old"] is None
    mail = outbox_for(ticket.reference)[-1]
    assert mail.event == "ticket_escalated" and ticket.reference in mail.subject
    assert "Portal bug" not in mail.body_text


@pytest.mark.django_db
def test_return_to_first_line_clears_the_group(student, agent_first_line, agent_second_line):
    ticket = file_ticket(student)
    ticket_escalate(
        ticket=ticket, group=ResolverGroupFactory(), note="x", acting_user=agent_first_line
    )
    ticket_return_to_first_line(ticket=ticket, note="Not ours", acting_user=agent_second_line)
    ticket.refresh_from_db()
    assert (ticket.line, ticket.resolver_group) == (Line.FIRST, None)
    assert TicketEvent.objects.filter(ticket=ticket, type="returned").exists()
    with pytest.raises(ValidationError):
        ticket_return_to_first_line(ticket=ticket, note="", acting_user=agent_second_line)


@pytest.mark.django_db
def test_standard_answer_is_filled_in_the_requesters_language(student):
    student.preferred_language = "en"
    student.save()
    ticket = file_ticket(student)
    answer = StandardAnswerFactory(body_en="Hi {requester_name}, {reference} {unknown}")
    text = standard_answer_render(answer=answer, ticket=ticket)
    assert text == f"Hi {ticket.requester_name}, {ticket.reference} {{unknown}}"


@pytest.mark.django_db
def test_wrong_desk_sends_the_office_details_and_closes_as_forwarded(
    student, agent_first_line, django_capture_on_commit_callbacks
):
    ticket = file_ticket(student)
    office = OfficeFactory(email="exams@example.org", phone="+32 9 111 22 33")
    answer = StandardAnswerFactory(purpose=StandardAnswer.Purpose.WRONG_DESK)
    with django_capture_on_commit_callbacks():
        ticket_forward_to_office(
            ticket=ticket, office=office, answer=answer, acting_user=agent_first_line
        )
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.FORWARDED
    assert ticket.closed_at is not None
    reply = ticket.messages.get()
    assert "exams@example.org" in reply.body and not reply.is_internal
    assert TicketEvent.objects.filter(ticket=ticket, type="forwarded").exists()
    mails = outbox_for(ticket.reference)
    assert [m.event for m in mails] == ["ticket_filed", "ticket_forwarded"]
    assert mails[-1].recipient_email == student.email
    assert "exams@example.org" in mails[-1].body_text
    assert "+32 9 111 22 33" in mails[-1].body_text
    assert "exams@example.org" in mails[-1].body_html


@pytest.mark.django_db
def test_assign_records_old_and_new(student, agent_first_line, agent_second_line):
    ticket = file_ticket(student)
    ticket_assign(ticket=ticket, assignee=agent_first_line, acting_user=agent_first_line)
    ticket_assign(ticket=ticket, assignee=agent_second_line, acting_user=agent_first_line)
    event = TicketEvent.objects.filter(type="assigned").latest("id")
    assert event.data["old"]["id"] == agent_first_line.pk
    assert event.data["new"]["id"] == agent_second_line.pk


@pytest.mark.django_db
def test_the_status_door_refuses_forwarded_without_the_forward_service(student, agent_first_line):
    """Forwarded means the requester got the office's details: a bare status change cannot."""
    ticket = file_ticket(student)
    with pytest.raises(TicketStatusError) as refused:
        ticket_set_status(
            ticket=ticket, status=TicketStatus.FORWARDED, acting_user=agent_first_line
        )
    assert refused.value.code == "forward_needs_office"
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.NEW and ticket.closed_at is None
    assert not TicketEvent.objects.filter(ticket=ticket, type="status_changed").exists()
    # An office goes with forwarded only: it cannot ride along on another status.
    with pytest.raises(TicketStatusError):
        ticket_set_status(
            ticket=ticket,
            status=TicketStatus.CLOSED,
            acting_user=agent_first_line,
            forwarded_to=OfficeFactory(),
        )
