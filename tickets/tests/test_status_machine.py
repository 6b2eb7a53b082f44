"""The status door: only declared moves, each audited with old and new."""

import pytest

from tickets.choices import FINAL_STATUSES, TRANSITIONS, TicketStatus, available_statuses
from tickets.models import TicketEvent
from tickets.services import TicketStatusError, ticket_set_status
from tickets.tests.factories import OfficeFactory, file_ticket

ALL_MOVES = [(old, new) for old in TicketStatus.values for new in TicketStatus.values if old != new]


def test_closed_forwarded_and_merged_are_final():
    assert available_statuses(TicketStatus.CLOSED) == frozenset()
    assert available_statuses(TicketStatus.FORWARDED) == frozenset()
    assert available_statuses(TicketStatus.MERGED) == frozenset()


def test_the_final_statuses_are_exactly_those_the_map_leads_nowhere_from():
    """One constant names the final statuses; the map and it cannot drift apart."""
    assert {status for status, moves in TRANSITIONS.items() if not moves} == FINAL_STATUSES


def test_every_status_has_a_row_in_the_map():
    assert set(TRANSITIONS) == set(TicketStatus.values)


def _ticket_in(status, requester, agent):
    ticket = file_ticket(requester)
    path = {
        TicketStatus.NEW: [],
        TicketStatus.IN_PROGRESS: [TicketStatus.IN_PROGRESS],
        TicketStatus.WAITING: [TicketStatus.WAITING],
        TicketStatus.RESOLVED: [TicketStatus.RESOLVED],
        TicketStatus.CLOSED: [TicketStatus.CLOSED],
        TicketStatus.FORWARDED: [TicketStatus.FORWARDED],
        TicketStatus.MERGED: [TicketStatus.MERGED],
    }[status]
    for step in path:
        ticket_set_status(ticket=ticket, status=step, acting_user=agent, **_target(step, requester))
    return ticket


def _target(status, requester) -> dict:
    """What the special statuses go with: the request a duplicate went to
    (services.ticket_merge's door), the office a request was forwarded to
    (services.ticket_forward_to_office's door)."""
    if status == TicketStatus.MERGED:
        return {"merged_into": file_ticket(requester)}
    if status == TicketStatus.FORWARDED:
        return {"forwarded_to": OfficeFactory()}
    return {}


@pytest.mark.django_db
@pytest.mark.parametrize(("old", "new"), ALL_MOVES)
def test_move_is_allowed_exactly_when_the_map_says_so(old, new, student, agent_first_line):
    ticket = _ticket_in(old, student, agent_first_line)
    events_before = TicketEvent.objects.filter(type="status_changed").count()
    if new in TRANSITIONS[old]:
        ticket_set_status(
            ticket=ticket, status=new, acting_user=agent_first_line, **_target(new, student)
        )
        ticket.refresh_from_db()
        assert ticket.status == new
        event = TicketEvent.objects.filter(type="status_changed").latest("id")
        assert (event.data["old"], event.data["new"]) == (old, new)
        assert event.acting_user == agent_first_line
    else:
        with pytest.raises(TicketStatusError):
            ticket_set_status(
                ticket=ticket, status=new, acting_user=agent_first_line, **_target(new, student)
            )
        ticket.refresh_from_db()
        assert ticket.status == old
        assert TicketEvent.objects.filter(type="status_changed").count() == events_before


@pytest.mark.django_db
def test_refused_move_says_why_in_dutch(student, agent_first_line):
    ticket = _ticket_in(TicketStatus.CLOSED, student, agent_first_line)
    with pytest.raises(TicketStatusError) as caught:
        ticket_set_status(
            ticket=ticket, status=TicketStatus.IN_PROGRESS, acting_user=agent_first_line
        )
    assert "kan niet" in caught.value.messages[0]


@pytest.mark.django_db
def test_resolving_stamps_resolved_at_and_reopening_clears_it(student, agent_first_line):
    ticket = _ticket_in(TicketStatus.RESOLVED, student, agent_first_line)
    assert ticket.resolved_at is not None
    ticket_set_status(ticket=ticket, status=TicketStatus.IN_PROGRESS, acting_user=agent_first_line)
    assert ticket.resolved_at is None
