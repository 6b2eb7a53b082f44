"""The beat jobs: flag breached requests, close resolved ones after N days."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from tickets import tasks
from tickets.choices import TicketStatus
from tickets.models import TicketEvent
from tickets.services import ticket_reply, ticket_set_status
from tickets.tests.factories import file_ticket

TUESDAY_10 = datetime(2026, 11, 24, 9, tzinfo=UTC)


@pytest.mark.django_db
def test_open_request_past_its_due_time_is_flagged_once(student):
    with time_machine.travel(TUESDAY_10, tick=False):
        late = file_ticket(student, impact=3, urgency=3)  # P1: 30 min response, 4h resolution
        on_time = file_ticket(student, impact=1, urgency=1)
    with time_machine.travel(TUESDAY_10 + timedelta(hours=5), tick=False):
        assert tasks.flag_sla_breaches() == 1
        assert tasks.flag_sla_breaches() == 0
    late.refresh_from_db()
    on_time.refresh_from_db()
    assert late.is_breached and not on_time.is_breached
    assert TicketEvent.objects.filter(ticket=late, type="sla_breached").count() == 1


@pytest.mark.django_db
def test_missed_first_response_is_a_breach_too(student, agent_first_line):
    with time_machine.travel(TUESDAY_10, tick=False):
        answered = file_ticket(student, impact=3, urgency=3)
        ignored = file_ticket(student, impact=3, urgency=3)
        ticket_reply(ticket=answered, body="Looking at it", acting_user=agent_first_line)
    with time_machine.travel(TUESDAY_10 + timedelta(hours=1), tick=False):
        assert tasks.flag_sla_breaches() == 1
    ignored.refresh_from_db()
    assert ignored.is_breached


@pytest.mark.django_db
def test_waiting_request_is_not_flagged_while_paused(student, agent_first_line):
    with time_machine.travel(TUESDAY_10, tick=False):
        ticket = file_ticket(student, impact=3, urgency=3)
        ticket_reply(ticket=ticket, body="Which browser?", acting_user=agent_first_line)
        ticket_set_status(ticket=ticket, status=TicketStatus.WAITING, acting_user=agent_first_line)
    with time_machine.travel(TUESDAY_10 + timedelta(days=3), tick=False):
        assert tasks.flag_sla_breaches() == 0


@pytest.mark.django_db
def test_resolved_requests_close_themselves_after_n_days(student, agent_first_line, settings):
    settings.TICKETS_AUTO_CLOSE_DAYS = 7
    with time_machine.travel(TUESDAY_10, tick=False):
        old = file_ticket(student)
        ticket_set_status(ticket=old, status=TicketStatus.RESOLVED, acting_user=agent_first_line)
    with time_machine.travel(TUESDAY_10 + timedelta(days=5), tick=False):
        recent = file_ticket(student)
        ticket_set_status(ticket=recent, status=TicketStatus.RESOLVED, acting_user=agent_first_line)
    with time_machine.travel(TUESDAY_10 + timedelta(days=7, hours=1), tick=False):
        assert tasks.auto_close_resolved() == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.status, recent.status) == (TicketStatus.CLOSED, TicketStatus.RESOLVED)
    event = TicketEvent.objects.filter(ticket=old, type="status_changed").latest("id")
    assert event.acting_user is None and event.data["new"] == TicketStatus.CLOSED
