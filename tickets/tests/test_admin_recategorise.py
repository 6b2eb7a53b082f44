"""The "Move to another category" triage page in the admin."""

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, Permission

from accounts.tests.factories import StaffFactory
from core.testing.clients import staff_client
from tickets.choices import Line
from tickets.models import TicketEvent
from tickets.services import ticket_escalate
from tickets.tests.factories import (
    CategoryFactory,
    DeskFactory,
    ResolverGroupFactory,
    file_ticket,
)

CHANGELIST = "/admin/tickets/ticket/"


@pytest.fixture
def helpdesk(desk):
    """The staffed desk of the root conftest.py, where ``agent`` works."""
    return desk


@pytest.fixture
def network_desk(db):
    return DeskFactory(slug="network", name_en="Network desk")


@pytest.fixture
def email(helpdesk):
    return CategoryFactory(slug="email", name_nl="E-mail", name_en="E-mail", default_desk=helpdesk)


@pytest.fixture
def wifi(network_desk):
    return CategoryFactory(slug="wifi", name_nl="Wifi", name_en="Wi-Fi", default_desk=network_desk)


@pytest.fixture
def ticket(student, email):
    return file_ticket(student, category=email, subject="No Wi-Fi in the library")


def url(ticket) -> str:
    return f"{CHANGELIST}{ticket.pk}/recategorise/"


@pytest.mark.django_db
def test_the_request_page_links_to_the_move_page(agent, ticket):
    html = staff_client(agent, "en").get(f"{CHANGELIST}{ticket.pk}/change/").content.decode()
    assert f'href="{url(ticket)}"' in html
    assert "Move to another category" in html


@pytest.mark.django_db
def test_the_page_offers_the_filing_categories_grouped(agent, ticket, helpdesk, wifi):
    parent = CategoryFactory(name_en="Network", default_desk=helpdesk)
    CategoryFactory(name_en="Eduroam", default_desk=helpdesk, parent=parent)
    CategoryFactory(name_en="Retired", default_desk=helpdesk, is_active=False)
    response = staff_client(agent, "en").get(url(ticket))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Move to another category</h1>" in html
    assert '<optgroup label="Network">' in html and ">Eduroam</option>" in html
    assert ">Wi-Fi</option>" in html and "Retired" not in html
    assert 'name="note"' in html


@pytest.mark.django_db
def test_moving_redirects_and_the_request_is_at_the_new_desk(
    agent, ticket, wifi, network_desk, helpdesk
):
    helpdesk_group = ResolverGroupFactory(desk=helpdesk)
    ticket_escalate(ticket=ticket, group=helpdesk_group, note="Mail?", acting_user=agent)
    network_desk.agents.add(agent)  # still sees it after the move
    response = staff_client(agent, "en").post(url(ticket), {"category": wifi.pk, "note": "Wi-Fi"})
    assert response.status_code == 302
    assert response["Location"] == f"{CHANGELIST}{ticket.pk}/change/"
    ticket.refresh_from_db()
    assert (ticket.category, ticket.desk, ticket.line, ticket.resolver_group) == (
        wifi,
        network_desk,
        Line.FIRST,
        None,
    )
    assert TicketEvent.objects.filter(ticket=ticket, type="category_changed").count() == 1


@pytest.mark.django_db
def test_after_a_move_out_of_sight_the_agent_lands_on_the_queue(
    agent, ticket, wifi, network_desk, agent_second_line
):
    network_desk.agents.add(agent_second_line)  # someone works there
    client = staff_client(agent, "en")
    response = client.post(url(ticket), {"category": wifi.pk, "note": "Wi-Fi"})
    assert response.status_code == 302 and response["Location"] == CHANGELIST
    assert client.get(f"{CHANGELIST}{ticket.pk}/change/").status_code == 302  # gone from view
    ticket.refresh_from_db()
    assert ticket.category == wifi


@pytest.mark.django_db
def test_the_history_shows_the_move(desk_lead, ticket, wifi):
    staff_client(desk_lead, "en").post(url(ticket), {"category": wifi.pk, "note": "Wi-Fi"})
    html = staff_client(desk_lead, "en").get(f"{CHANGELIST}{ticket.pk}/change/").content.decode()
    assert "Moved to another category" in html
    html = staff_client(desk_lead, "nl").get(f"{CHANGELIST}{ticket.pk}/change/").content.decode()
    assert "Verplaatst naar een andere categorie" in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "required", "same"),
    [
        ("en", "This field is required.", "The request is already in this category."),
        ("nl", "Dit veld is vereist.", "De aanvraag staat al in deze categorie."),
    ],
)
def test_bad_input_keeps_the_note_and_says_why(agent, ticket, email, language, required, same):
    client = staff_client(agent, language)
    response = client.post(url(ticket), {"category": "", "note": "Typed by the agent"})
    assert response.status_code == 200
    html = response.content.decode()
    assert required in html and "Typed by the agent</textarea>" in html
    response = client.post(url(ticket), {"category": email.pk, "note": "Typed by the agent"})
    assert response.status_code == 200
    html = response.content.decode()
    assert same in html and "Typed by the agent</textarea>" in html
    ticket.refresh_from_db()
    assert ticket.category == email
    assert not TicketEvent.objects.filter(type="category_changed").exists()


@pytest.mark.django_db
def test_a_category_not_on_the_list_is_refused(agent, ticket, email, network_desk):
    retired = CategoryFactory(default_desk=network_desk, is_active=False)
    response = staff_client(agent, "en").post(url(ticket), {"category": retired.pk, "note": "x"})
    assert response.status_code == 200
    assert "Select a valid choice." in response.content.decode()
    ticket.refresh_from_db()
    assert ticket.category == email


@pytest.mark.django_db
def test_an_agent_of_another_desk_gets_404(agent_first_line, ticket, wifi, network_desk):
    network_desk.agents.add(agent_first_line)
    client = staff_client(agent_first_line, "en")
    assert client.get(url(ticket)).status_code == 404
    assert client.post(url(ticket), {"category": wifi.pk, "note": "x"}).status_code == 404


@pytest.mark.django_db
def test_staff_who_may_not_escalate_get_403_and_no_link(ticket, helpdesk, wifi):
    viewer = Group.objects.create(name="Ticket viewers")
    viewer.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="tickets", codename__in=["view_ticket", "change_ticket"]
        )
    )
    clerk = StaffFactory(username="clerk")
    clerk.groups.add(viewer)
    helpdesk.agents.add(clerk)
    client = staff_client(clerk, "en")
    assert client.get(url(ticket)).status_code == 403
    assert client.post(url(ticket), {"category": wifi.pk, "note": "x"}).status_code == 403
    assert url(ticket) not in client.get(f"{CHANGELIST}{ticket.pk}/change/").content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("count", [2, 60])
def test_the_page_query_count_does_not_grow(
    agent, student, helpdesk, email, count, django_assert_num_queries
):
    for n in range(count):
        parent = CategoryFactory(default_desk=helpdesk)
        CategoryFactory(default_desk=helpdesk, parent=parent)
        file_ticket(student, category=email, subject=f"Request {n}")
    ticket = file_ticket(student, category=email)
    client = staff_client(agent, "en")
    client.get(url(ticket))
    # user, the lead check (groups) for the queryset, the request, user and
    # group permissions, the desk check for the object (the lead check is
    # remembered on the user: tickets.access), then the categories in one
    # query. The AUP gate asked once, on the first visit of the session.
    with django_assert_num_queries(7 + _session_queries()):
        response = client.get(url(ticket))
    assert response.status_code == 200


def _session_queries() -> int:
    return 0 if settings.SESSION_ENGINE.endswith("cached_db") else 1
