"""Fixes found while trying triage as an agent (issue 17, item 8)."""

import pytest
from django.test import Client

from tickets.choices import Line
from tickets.services import ticket_escalate
from tickets.tests.factories import (
    CategoryFactory,
    DeskFactory,
    ResolverGroupFactory,
    file_ticket,
)

CHANGELIST = "/admin/tickets/ticket/"


@pytest.fixture
def desk(db):
    return DeskFactory(slug="helpdesk")


@pytest.fixture
def category(desk):
    return CategoryFactory(default_desk=desk)


@pytest.fixture
def group(desk):
    return ResolverGroupFactory(desk=desk)


@pytest.fixture
def agent(agent_first_line, desk):
    desk.agents.add(agent_first_line)
    return agent_first_line


@pytest.fixture
def specialist(agent_second_line, group):
    group.members.add(agent_second_line)
    return agent_second_line


def staff_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_return_to_first_line_lands_on_the_queue_with_a_message_not_a_missing_page(
    agent, specialist, student, category, group
):
    ticket = file_ticket(student, category=category)
    ticket_escalate(ticket=ticket, group=group, note="Portal", acting_user=agent)
    client = staff_client(specialist)
    response = client.post(f"{CHANGELIST}{ticket.pk}/return/", {"note": "Not ours"}, follow=True)
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == CHANGELIST
    assert "bestaat niet" not in html
    assert ticket.reference in html  # the message names the request
    ticket.refresh_from_db()
    assert ticket.line == Line.FIRST


@pytest.mark.django_db
def test_return_by_someone_who_still_sees_it_lands_on_the_request(
    agent, specialist, desk_lead, student, category, group
):
    ticket = file_ticket(student, category=category)
    ticket_escalate(ticket=ticket, group=group, note="Portal", acting_user=agent)
    response = staff_client(desk_lead).post(f"{CHANGELIST}{ticket.pk}/return/", {"note": "Back"})
    assert response["Location"] == f"{CHANGELIST}{ticket.pk}/change/"


@pytest.mark.django_db
def test_moving_to_a_category_whose_desk_has_no_agents_is_refused_with_a_reason(
    agent, student, category
):
    empty_desk = DeskFactory(slug="empty", name_nl="Leeg loket")
    wifi = CategoryFactory(slug="wifi", default_desk=empty_desk)
    ticket = file_ticket(student, category=category)
    response = staff_client(agent).post(
        f"{CHANGELIST}{ticket.pk}/recategorise/", {"category": wifi.pk, "note": "Wi-Fi"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Leeg loket" in html and "Wi-Fi" in html  # the reason, and the note kept
    ticket.refresh_from_db()
    assert ticket.category == category and ticket.desk.slug == "helpdesk"


@pytest.mark.django_db
def test_the_lead_may_route_to_an_empty_desk_and_then_holds_the_request(
    agent, desk_lead, student, category
):
    empty_desk = DeskFactory(slug="empty", name_nl="Leeg loket")
    wifi = CategoryFactory(slug="wifi", default_desk=empty_desk)
    ticket = file_ticket(student, category=category)
    response = staff_client(desk_lead).post(
        f"{CHANGELIST}{ticket.pk}/recategorise/", {"category": wifi.pk, "note": "Wi-Fi"}, follow=True
    )
    assert "Leeg loket" in response.content.decode()  # the warning names the desk
    ticket.refresh_from_db()
    assert ticket.desk == empty_desk and ticket.assignee == desk_lead
