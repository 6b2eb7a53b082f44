"""Moving a request to another category: desk, line, SLA kept, audit, note, no mail."""

import pytest
from django.core.exceptions import ValidationError

from tickets.choices import Line, Priority, TicketStatus
from tickets.models import TicketEvent
from tickets.services import (
    ticket_assign,
    ticket_escalate,
    ticket_recategorise,
    ticket_set_priority,
    ticket_set_status,
)
from tickets.tests.factories import (
    CategoryFactory,
    DeskFactory,
    ResolverGroupFactory,
    file_ticket,
)
from tickets.tests.mail import outbox_for


@pytest.fixture
def helpdesk(db):
    return DeskFactory(slug="helpdesk")


@pytest.fixture
def network_desk(db):
    from accounts import roles
    from accounts.tests.factories import StaffFactory

    desk = DeskFactory(slug="network")
    # Someone works there: a desk without agents is refused (test_triage_fixes).
    desk.agents.add(StaffFactory(username="network-agent", roles=[roles.FIRST_LINE_AGENT]))
    return desk


@pytest.fixture
def email(helpdesk):
    return CategoryFactory(slug="email", name_en="E-mail", default_desk=helpdesk)


@pytest.fixture
def wifi(network_desk):
    return CategoryFactory(slug="wifi", name_en="Wi-Fi", default_desk=network_desk)


@pytest.fixture
def escalated(student, agent_first_line, email, helpdesk):
    """Filed under E-mail, escalated and assigned at the help desk."""
    ticket = file_ticket(student, category=email)
    group = ResolverGroupFactory(desk=helpdesk)
    ticket_escalate(ticket=ticket, group=group, note="Mail server?", acting_user=agent_first_line)
    ticket_assign(ticket=ticket, assignee=agent_first_line, acting_user=agent_first_line)
    ticket_set_priority(ticket=ticket, priority=Priority.P1, acting_user=agent_first_line)
    ticket.refresh_from_db()
    return ticket


@pytest.mark.django_db
def test_moving_to_another_desks_category_starts_again_at_its_first_line(
    escalated, agent_first_line, wifi, network_desk
):
    before = (escalated.priority, escalated.response_due_at, escalated.resolution_due_at)
    ticket_recategorise(
        ticket=escalated, category=wifi, note="It is about eduroam", acting_user=agent_first_line
    )
    escalated.refresh_from_db()
    assert (escalated.category, escalated.desk) == (wifi, network_desk)
    assert (escalated.line, escalated.resolver_group, escalated.assignee) == (
        Line.FIRST,
        None,
        None,
    )
    assert (escalated.priority, escalated.response_due_at, escalated.resolution_due_at) == before
    assert escalated.status == TicketStatus.IN_PROGRESS


@pytest.mark.django_db
def test_moving_records_old_and_new_routing_and_an_internal_note(
    escalated, agent_first_line, email, wifi, helpdesk, network_desk
):
    old_group = escalated.resolver_group
    ticket_recategorise(
        ticket=escalated, category=wifi, note="It is about eduroam", acting_user=agent_first_line
    )
    event = TicketEvent.objects.get(ticket=escalated, type="category_changed")
    assert event.acting_user == agent_first_line
    assert event.data["old"] == {
        "category": {"id": email.pk, "name": str(email)},
        "desk": {"id": helpdesk.pk, "name": str(helpdesk)},
        "line": "second",
        "resolver_group": {"id": old_group.pk, "name": str(old_group)},
        "assignee": {"id": agent_first_line.pk, "name": str(agent_first_line)},
    }
    assert event.data["new"] == {
        "category": {"id": wifi.pk, "name": str(wifi)},
        "desk": {"id": network_desk.pk, "name": str(network_desk)},
        "line": "first",
        "resolver_group": None,
        "assignee": None,
    }
    note = escalated.messages.latest("id")
    assert note.is_internal and note.body == "It is about eduroam"


@pytest.mark.django_db
def test_the_requester_gets_no_mail(
    student, agent_first_line, email, wifi, django_capture_on_commit_callbacks
):
    ticket = file_ticket(student, category=email)
    with django_capture_on_commit_callbacks(execute=True):
        ticket_recategorise(
            ticket=ticket, category=wifi, note="Wi-Fi", acting_user=agent_first_line
        )
    assert [mail.event for mail in outbox_for(ticket.reference)] == ["ticket_filed"]


@pytest.mark.django_db
def test_a_category_of_the_same_desk_keeps_line_group_and_assignee(
    escalated, agent_first_line, helpdesk
):
    group, line = escalated.resolver_group, escalated.line
    webmail = CategoryFactory(slug="webmail", default_desk=helpdesk)
    ticket_recategorise(
        ticket=escalated, category=webmail, note="Webmail", acting_user=agent_first_line
    )
    escalated.refresh_from_db()
    assert (escalated.category, escalated.desk) == (webmail, helpdesk)
    assert (escalated.line, escalated.resolver_group, escalated.assignee) == (
        line,
        group,
        agent_first_line,
    )


@pytest.mark.django_db
def test_refuses_the_same_category(student, agent_first_line, email):
    ticket = file_ticket(student, category=email)
    with pytest.raises(ValidationError) as caught:
        ticket_recategorise(ticket=ticket, category=email, note="x", acting_user=agent_first_line)
    assert caught.value.code == "same_category"
    assert not TicketEvent.objects.filter(type="category_changed").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["inactive", "parent", "under_inactive_parent"])
def test_refuses_a_category_requesters_cannot_pick(
    student, agent_first_line, email, network_desk, kind
):
    ticket = file_ticket(student, category=email)
    if kind == "inactive":
        target = CategoryFactory(default_desk=network_desk, is_active=False)
    elif kind == "parent":
        target = CategoryFactory(default_desk=network_desk)
        CategoryFactory(default_desk=network_desk, parent=target)
    else:
        parent = CategoryFactory(default_desk=network_desk, is_active=False)
        target = CategoryFactory(default_desk=network_desk, parent=parent)
    with pytest.raises(ValidationError) as caught:
        ticket_recategorise(ticket=ticket, category=target, note="x", acting_user=agent_first_line)
    assert caught.value.code == "not_fileable"
    ticket.refresh_from_db()
    assert ticket.category == email


@pytest.mark.django_db
def test_refuses_a_closed_request(student, agent_first_line, email, wifi):
    ticket = file_ticket(student, category=email)
    ticket_set_status(ticket=ticket, status=TicketStatus.CLOSED, acting_user=agent_first_line)
    with pytest.raises(ValidationError) as caught:
        ticket_recategorise(ticket=ticket, category=wifi, note="x", acting_user=agent_first_line)
    assert caught.value.code == "not_open"
    ticket.refresh_from_db()
    assert ticket.category == email


@pytest.mark.django_db
def test_needs_a_note(student, agent_first_line, email, wifi):
    ticket = file_ticket(student, category=email)
    with pytest.raises(ValidationError) as caught:
        ticket_recategorise(ticket=ticket, category=wifi, note="  ", acting_user=agent_first_line)
    assert caught.value.code == "note_required"
    ticket.refresh_from_db()
    assert ticket.category == email
    assert not ticket.messages.exists()
