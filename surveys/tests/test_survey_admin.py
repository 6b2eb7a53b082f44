"""The lead's read-only list of survey invitations: scoped like the dashboard, filterable."""

import pytest
from django.contrib.auth.models import Permission

from accounts import roles
from accounts.tests.factories import StaffFactory
from surveys.models import SurveyInvitation
from tickets import services
from tickets.tests.factories import CategoryFactory, DeskFactory

from .helpers import resolved_ticket, send_surveys

URL = "/admin/surveys/surveyinvitation/"
pytestmark = pytest.mark.django_db


@pytest.fixture
def invitations(student, agent_first_line):
    """Three surveyed requests: two at the IT desk (one answered 2), one at the library."""
    it, library = DeskFactory(name_nl="ICT"), DeskFactory(name_nl="Bibliotheek")
    it_cat, lib_cat = CategoryFactory(default_desk=it), CategoryFactory(default_desk=library)
    answered = resolved_ticket(student, agent_first_line, category=it_cat)
    waiting = resolved_ticket(student, agent_first_line, category=it_cat)
    elsewhere = resolved_ticket(student, agent_first_line, category=lib_cat)
    assert send_surveys() == 3
    services.ticket_rate(ticket=answered, score=2, comment="Slow", acting_user=None)
    return {"it": it, "answered": answered, "waiting": waiting, "elsewhere": elsewhere}


def _refs(response) -> set[str]:
    assert response.status_code == 200
    return {inv.ticket.reference for inv in response.context["cl"].result_list}


def test_the_lead_lists_filters_and_follows_an_invitation_to_its_request(
    client, desk_lead, invitations
):
    client.force_login(desk_lead)
    every = client.get(URL)
    assert _refs(every) == {t.reference for k, t in invitations.items() if k != "it"}
    answered = invitations["answered"]
    assert f'href="/admin/tickets/ticket/{answered.pk}/change/"' in every.content.decode()
    assert _refs(client.get(URL, {"answered": "yes"})) == {answered.reference}
    assert _refs(client.get(URL, {"score": "2"})) == {answered.reference}
    assert _refs(client.get(URL, {"score": "5"})) == set()
    assert len(_refs(client.get(URL, {"sent": "yes", "answered": "no"}))) == 2
    assert _refs(client.get(URL, {"sent": "no"})) == set()
    # Read-only: no add, change or delete.
    invitation = SurveyInvitation.objects.get(ticket=answered)
    assert client.get(f"{URL}add/").status_code == 403
    assert client.post(f"{URL}{invitation.pk}/delete/", {"post": "yes"}).status_code == 403
    change = client.post(f"{URL}{invitation.pk}/change/", {"created_at": "2020-01-01"})
    assert change.status_code in (403, 200)
    invitation.refresh_from_db()
    assert invitation.created_at.year != 2020


def test_a_desk_lead_sees_only_their_desks_and_an_agent_nothing(
    client, agent_first_line, invitations
):
    desk_lead = StaffFactory(username="itlead", roles=[roles.FIRST_LINE_AGENT])
    desk_lead.user_permissions.add(Permission.objects.get(codename="view_dashboard"))
    invitations["it"].agents.add(desk_lead)
    client.force_login(desk_lead)
    assert _refs(client.get(URL)) == {
        invitations["answered"].reference,
        invitations["waiting"].reference,
    }
    client.force_login(agent_first_line)
    assert client.get(URL).status_code == 403


def test_malformed_filters_do_not_break_the_list(client, desk_lead, invitations):
    client.force_login(desk_lead)
    for query in ({"score": "9"}, {"score": "x"}, {"answered": "maybe"}, {"sent": "%00"}):
        assert len(_refs(client.get(URL, query))) == 3
