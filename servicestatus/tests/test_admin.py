"""First line works an incident in the admin: open, promote, link from the list, update, resolve."""

import pytest

from core.testing.clients import staff_client
from servicestatus.models import Incident, IncidentTicket, IncidentUpdate
from tickets.choices import TicketStatus
from tickets.tests.factories import file_ticket

pytestmark = pytest.mark.django_db

ADD = "/admin/servicestatus/incident/add/"


def change_url(incident) -> str:
    return f"/admin/servicestatus/incident/{incident.pk}/change/"


def open_form(eduroam, **extra) -> dict:
    return {
        "kind": "incident",
        "impact": "outage",
        "title_nl": "Eduroam ligt plat",
        "title_en": "Eduroam is down",
        "services": [eduroam.pk],
        "starts_at_0": "2026-11-30",
        "starts_at_1": "09:00:00",
        "first_update_nl": "We zoeken de oorzaak.",
        "first_update_en": "We are looking for the cause.",
        **extra,
    }


def test_first_line_opens_an_incident_promoted_from_a_request(
    agent_first_line, desk, eduroam, student, wifi
):
    desk.agents.add(agent_first_line)
    ticket = file_ticket(student, category=wifi, subject="Geen wifi in gebouw A")
    client = staff_client(agent_first_line, "en")
    form = client.get(f"{ADD}?promoted_from={ticket.pk}").content.decode()
    assert "Geen wifi in gebouw A" in form  # the title starts from the request's subject
    response = client.post(ADD, open_form(eduroam, promoted_from=ticket.pk))
    assert response.status_code == 302, response.content.decode()[:3000]
    incident = Incident.objects.get()
    assert incident.reference.startswith("INC-")
    assert IncidentTicket.objects.get().ticket == ticket
    assert incident.updates.get().body_en == "We are looking for the cause."


def test_a_request_the_agent_cannot_see_is_not_linked_by_promotion(
    agent_first_line, eduroam, student
):
    elsewhere = file_ticket(student)  # another desk's request
    client = staff_client(agent_first_line, "en")
    client.post(ADD, open_form(eduroam, promoted_from=elsewhere.pk))
    assert Incident.objects.exists()
    assert not IncidentTicket.objects.exists()


def test_first_line_links_requests_from_the_list_in_two_steps(
    agent_first_line, desk, incident, student, other_student, wifi
):
    desk.agents.add(agent_first_line)
    first = file_ticket(student, category=wifi)
    second = file_ticket(other_student, category=wifi)
    client = staff_client(agent_first_line, "en")
    chosen = {"action": "link_to_incident", "_selected_action": [first.pk, second.pk]}
    ask = client.post("/admin/tickets/ticket/", chosen)
    assert ask.status_code == 200 and incident.reference in ask.content.decode()
    done = client.post(
        "/admin/tickets/ticket/", {**chosen, "incident": incident.pk, "apply": "1"}, follow=True
    )
    assert "2 linked" in done.content.decode()
    assert set(IncidentTicket.objects.values_list("ticket_id", flat=True)) == {first.pk, second.pk}


def test_the_link_form_offers_open_disruptions_only_and_chooses_none(
    agent_first_line, desk, incident, eduroam, student, wifi
):
    """Maintenance and resolved incidents are not offered; the agent must pick one."""
    from servicestatus import services

    desk.agents.add(agent_first_line)
    maintenance = services.incident_open(
        title_nl="Onderhoud leerplatform",
        title_en="Learning platform upgrade",
        services=[eduroam],
        kind="maintenance",
        acting_user=agent_first_line,
    )
    ticket = file_ticket(student, category=wifi)
    client = staff_client(agent_first_line, "en")
    chosen = {"action": "link_to_incident", "_selected_action": [ticket.pk]}
    page = client.post("/admin/tickets/ticket/", chosen).content.decode()
    assert incident.reference in page and maintenance.reference not in page
    assert '<option value="" selected>---------</option>' in page
    unchosen = client.post("/admin/tickets/ticket/", {**chosen, "apply": "1"})
    assert unchosen.status_code == 200 and not IncidentTicket.objects.exists()


def test_a_request_linked_by_mistake_is_unlinked_on_the_incident_page(
    agent_first_line, desk, incident, student, wifi
):
    desk.agents.add(agent_first_line)
    ticket = file_ticket(student, category=wifi)
    client = staff_client(agent_first_line, "en")
    chosen = {"action": "link_to_incident", "_selected_action": [ticket.pk]}
    client.post("/admin/tickets/ticket/", {**chosen, "incident": incident.pk, "apply": "1"})
    link = IncidentTicket.objects.get()
    again = client.post(
        "/admin/tickets/ticket/", {**chosen, "incident": incident.pk, "apply": "1"}, follow=True
    )
    assert "unlink it on that incident" in again.content.decode()

    page = client.get(change_url(incident)).content.decode()
    prefix = "incidentticket_set" if "incidentticket_set-TOTAL_FORMS" in page else "links"
    assert f'name="{prefix}-0-DELETE"' in page
    form = {
        **open_form(incident.services.get()),
        "title_nl": incident.title_nl,
        "title_en": incident.title_en,
        f"{prefix}-TOTAL_FORMS": "1",
        f"{prefix}-INITIAL_FORMS": "1",
        f"{prefix}-0-id": link.pk,
        f"{prefix}-0-incident": incident.pk,
        f"{prefix}-0-DELETE": "on",
    }
    updates = "updates" if "updates-TOTAL_FORMS" in page else "incidentupdate_set"
    form |= {f"{updates}-TOTAL_FORMS": "0", f"{updates}-INITIAL_FORMS": "0"}
    response = client.post(change_url(incident), form)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert not IncidentTicket.objects.exists()


def test_posting_and_resolving_from_the_incident_page(
    agent_first_line, desk, incident, student, wifi
):
    desk.agents.add(agent_first_line)
    ticket = file_ticket(student, category=wifi)
    IncidentTicket.objects.create(incident=incident, ticket=ticket, linked_at=incident.created_at)
    client = staff_client(agent_first_line, "en")
    page = client.get(change_url(incident)).content.decode()
    assert "Post a public update" in page and ticket.reference in page

    empty = client.post(change_url(incident), {"_post_update": "1", "body_nl": ""})
    assert empty.status_code == 200 and "This field is required" in empty.content.decode()

    client.post(change_url(incident), {"_post_update": "1", "body_nl": "Nieuwe switch besteld."})
    assert incident.updates.filter(body_nl="Nieuwe switch besteld.").exists()

    client.post(
        change_url(incident),
        {"_post_update": "1", "body_nl": "Opgelost.", "body_en": "Fixed.", "resolve": "on"},
    )
    incident.refresh_from_db()
    ticket.refresh_from_db()
    assert incident.resolved_at is not None and ticket.status == TicketStatus.RESOLVED
    assert IncidentUpdate.objects.filter(incident=incident, is_closing=True).count() == 1
    assert "Post a public update" not in client.get(change_url(incident)).content.decode()


def test_the_request_page_names_its_incident(agent_first_line, desk, incident, student, wifi):
    desk.agents.add(agent_first_line)
    ticket = file_ticket(student, category=wifi)
    client = staff_client(agent_first_line, "en")
    page = client.get(f"/admin/tickets/ticket/{ticket.pk}/change/").content.decode()
    assert "Promote to a major incident" in page
    IncidentTicket.objects.create(incident=incident, ticket=ticket, linked_at=incident.created_at)
    page = client.get(f"/admin/tickets/ticket/{ticket.pk}/change/").content.decode()
    assert incident.reference in page


SUBSCRIPTIONS = "/admin/servicestatus/subscription/"


@pytest.fixture
def subscribers(eduroam, desk):
    from core import clock
    from servicestatus.models import Service, Subscription

    printing = Service.objects.create(
        slug="printing", name_nl="Printen", name_en="Printing", desk=desk
    )
    now = clock.now()
    for email, service, confirmed in [
        ("ann@example.net", eduroam, now),
        ("bob@example.net", eduroam, None),
        ("ann@example.net", printing, now),
    ]:
        Subscription.objects.create(
            service=service, email=email, language="nl", created_at=now, confirmed_at=confirmed
        )
    return {"eduroam": eduroam, "printing": printing}


def _rows(page: str) -> list[str]:
    import re

    return re.findall(r'<th class="field-email">(?:<a [^>]*>)?([^<]+)<', page)


def test_the_lead_lists_subscriptions_by_service_confirmed_and_address(desk_lead, subscribers):
    client = staff_client(desk_lead, "en")
    page = client.get(SUBSCRIPTIONS)
    assert page.status_code == 200
    assert sorted(_rows(page.content.decode())) == [
        "ann@example.net",
        "ann@example.net",
        "bob@example.net",
    ]
    eduroam = subscribers["eduroam"].pk
    only_eduroam = client.get(f"{SUBSCRIPTIONS}?service__id__exact={eduroam}").content.decode()
    assert sorted(_rows(only_eduroam)) == ["ann@example.net", "bob@example.net"]
    waiting = client.get(f"{SUBSCRIPTIONS}?confirmed=no").content.decode()
    assert _rows(waiting) == ["bob@example.net"]
    found = client.get(f"{SUBSCRIPTIONS}?q=ANN@").content.decode()
    assert _rows(found) == ["ann@example.net", "ann@example.net"]


def test_the_subscription_list_is_read_only(desk_lead, subscribers):
    from servicestatus.models import Subscription

    client = staff_client(desk_lead, "en")
    page = client.get(SUBSCRIPTIONS).content.decode()
    assert "Add status subscription" not in page and 'name="action"' not in page
    subscription = Subscription.objects.first()
    view = client.get(f"{SUBSCRIPTIONS}{subscription.pk}/change/")
    assert view.status_code == 200 and 'type="submit" value="Save"' not in view.content.decode()
    deleting = client.post(f"{SUBSCRIPTIONS}{subscription.pk}/delete/", {"post": "yes"})
    assert deleting.status_code == 403
    assert Subscription.objects.count() == 3


def test_first_line_does_not_see_who_subscribed(agent_first_line, subscribers):
    client = staff_client(agent_first_line, "en")
    assert client.get(SUBSCRIPTIONS).status_code == 403
    assert "Status subscriptions" not in client.get("/admin/").content.decode()
