"""The appointment on the request pages, through tickets' registries, and one rule per step.

Tickets never names this app (``tickets/tests/test_names_no_other_app.py``):
everything here shows up because ``apps.ready`` registered it. The
requester's pages and the API answer "what can I still do?" with the same
function, and "choose a time" is one service behind both.
"""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.utils import translation

from accounts import roles
from api.tests.helpers import app_client
from core.testing.clients import staff_client
from tickets import links
from tickets.choices import TicketStatus
from tickets.models import TicketEvent
from tickets.services import ticket_set_status
from tickets.tests.factories import file_ticket

from .. import services
from ..events import AppointmentEvent
from ..models import AppointmentStatus
from ..services import appointment_book, appointment_choose, appointment_offer
from .helpers import NOW, TUESDAY, at, key

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture(autouse=True)
def english(client):
    client.cookies["django_language"] = "en"


@pytest.fixture
def invited(student, category, agent_first_line):
    ticket = file_ticket(student, category=category)
    return appointment_offer(ticket=ticket, channel="desk", acting_user=agent_first_line)


def page_url(ticket) -> str:
    return f"/requests/{ticket.reference}/appointment/"


def api_url(ticket) -> str:
    return f"/api/v1/requests/{ticket.reference}/appointment/"


# --- The requester's request page (tickets.page_sections) -----------------------


def test_the_request_page_shows_the_invitation_with_its_link(client, student, invited):
    client.force_login(student)
    html = client.get(f"/requests/{invited.ticket.reference}/").content.decode()
    assert 'id="appointment-heading"' in html
    assert f'<a class="button" href="{page_url(invited.ticket)}">Choose a time</a>' in html
    assert "Appointment history" in html


def test_a_request_without_appointments_has_no_section(client, student, category):
    ticket = file_ticket(student, category=category)
    client.force_login(student)
    html = client.get(f"/requests/{ticket.reference}/").content.decode()
    assert 'id="appointment-heading"' not in html


def test_the_guest_request_page_links_to_the_guest_appointment_page(
    client, category, agent_first_line
):
    ticket = file_ticket(None, category=category)
    appointment_offer(ticket=ticket, channel="phone", acting_user=agent_first_line)
    client.get(links.private_link_path(ticket))
    html = client.get(f"/requests/guest/{ticket.reference}/").content.decode()
    assert f'href="/requests/guest/{ticket.reference}/appointment/"' in html
    assert f'href="{page_url(ticket)}"' not in html


# --- What the requester can still do: one function for the pages and the API -----


def test_past_the_cutoff_the_pages_offer_what_the_api_says(client, student, invited):
    appointment_book(ticket=invited.ticket, starts_at=at(TUESDAY, 10), acting_user=student)
    client.force_login(student)
    with time_machine.travel(at(TUESDAY, 10) - timedelta(hours=23), tick=False):
        api = app_client(student).get(api_url(invited.ticket)).json()["appointment"]
        request_page = client.get(f"/requests/{invited.ticket.reference}/").content.decode()
        manage = client.get(page_url(invited.ticket)).content.decode()
    assert (api["can_reschedule"], api["can_cancel"]) == (False, False)
    too_late = "It is too late to move or cancel this appointment online."
    assert too_late in request_page and too_late in manage
    assert "Move or cancel" not in request_page
    assert "Cancel my appointment" not in manage
    assert 'name="slot"' not in manage  # no picker for a move the service would refuse


def test_before_the_cutoff_the_pages_offer_moving_and_cancelling(client, student, invited):
    appointment_book(ticket=invited.ticket, starts_at=at(TUESDAY, 10), acting_user=student)
    client.force_login(student)
    api = app_client(student).get(api_url(invited.ticket)).json()["appointment"]
    request_page = client.get(f"/requests/{invited.ticket.reference}/").content.decode()
    manage = client.get(page_url(invited.ticket) + f"?day={TUESDAY}").content.decode()
    assert (api["can_reschedule"], api["can_cancel"]) == (True, True)
    assert "Move or cancel" in request_page
    assert "Cancel my appointment" in manage and "Move my appointment" in manage
    assert "It is too late" not in manage


def test_a_finished_request_offers_no_time_to_choose(client, student, invited):
    ticket_set_status(ticket=invited.ticket, status=TicketStatus.RESOLVED, acting_user=None)
    client.force_login(student)
    api = app_client(student).get(api_url(invited.ticket)).json()["appointment"]
    manage = client.get(page_url(invited.ticket)).content.decode()
    request_page = client.get(f"/requests/{invited.ticket.reference}/").content.decode()
    assert (api["can_book"], api["can_cancel"]) == (False, True)
    assert 'name="slot"' not in manage
    assert "Decline the invitation" in manage
    assert ">Choose a time</a>" not in request_page


# --- Choosing a time: one service behind the page and the API --------------------


def test_choosing_books_an_invitation_then_moves_the_booking(student, invited):
    first = appointment_choose(
        ticket=invited.ticket, starts_at=at(TUESDAY, 10), acting_user=student
    )
    assert (first.moved, first.appointment.status) == (False, AppointmentStatus.BOOKED)
    second = appointment_choose(
        ticket=invited.ticket, starts_at=at(TUESDAY, 11), acting_user=student
    )
    assert (second.moved, second.appointment.pk) == (True, invited.pk)
    assert second.appointment.starts_at == at(TUESDAY, 11)
    types = list(invited.ticket.events.values_list("type", flat=True).order_by("id"))
    assert types[-2:] == [AppointmentEvent.BOOKED, AppointmentEvent.RESCHEDULED]


def test_choosing_without_an_invitation_is_refused(student, category):
    ticket = file_ticket(student, category=category)
    with pytest.raises(ValidationError) as refused:
        appointment_choose(ticket=ticket, starts_at=at(TUESDAY, 10), acting_user=student)
    assert refused.value.code == "not_offered"


def test_the_page_and_the_api_both_answer_the_services_refusal(
    client, student, invited, monkeypatch
):
    """Swap the one service for a refusing one: both entry points show its answer."""

    def refuse(**kwargs):
        raise ValidationError("Refused by the one service.", code="refused_here")

    monkeypatch.setattr(services, "appointment_choose", refuse)
    client.force_login(student)
    web = client.post(page_url(invited.ticket), {"slot": key(at(TUESDAY, 10))})
    api = app_client(student).post(api_url(invited.ticket), {"slot": key(at(TUESDAY, 10))})
    assert web.status_code == 200
    assert "Refused by the one service." in web.content.decode()
    assert api.status_code == 400
    assert [e["code"] for e in api.json()["fields"]["slot"]] == ["refused_here"]
    invited.refresh_from_db()
    assert invited.status == AppointmentStatus.INVITED


# --- The staff request page (tickets.admin.workspace registries) ----------------


def test_the_admin_request_page_links_to_offering_and_shows_the_panel(
    agent_first_line, student, category
):
    ticket = file_ticket(student, category=category)
    appointment_book(
        ticket=ticket, starts_at=at(TUESDAY, 10), channel="phone", acting_user=agent_first_line
    )
    html = (
        staff_client(agent_first_line, "en")
        .get(f"/admin/tickets/ticket/{ticket.pk}/change/")
        .content.decode()
    )
    assert f'<li><a href="/admin/appointments/appointment/offer/{ticket.pk}/">Appointment</a>' in (
        html
    )
    assert "<dt>Appointment</dt>" in html  # the side panel section
    assert "Appointment booked" in html  # the registered event type's label


def test_staff_without_the_right_get_no_offering_link(agent_first_line, student, category):
    Group.objects.get(name=roles.FIRST_LINE_AGENT).permissions.remove(
        Permission.objects.get(
            content_type__app_label="appointments", codename="change_appointment"
        )
    )
    ticket = file_ticket(student, category=category)
    html = (
        staff_client(agent_first_line, "en")
        .get(f"/admin/tickets/ticket/{ticket.pk}/change/")
        .content.decode()
    )
    assert f"/admin/appointments/appointment/offer/{ticket.pk}/" not in html


# --- The audit trail's event types are this app's ---------------------------------


@pytest.mark.parametrize(
    ("language", "label"), [("en", "Appointment rescheduled"), ("nl", "Afspraak verplaatst")]
)
def test_appointment_events_are_labelled_in_the_trail(language, label):
    event = TicketEvent(type=AppointmentEvent.RESCHEDULED)
    with translation.override(language):
        assert event.get_type_display() == label
    assert AppointmentEvent.RESCHEDULED not in TicketEvent.Type.values
    field = TicketEvent._meta.get_field("type")
    assert (AppointmentEvent.NO_SHOW, AppointmentEvent.NO_SHOW.label) in list(field.choices)


def test_an_invitation_shows_on_a_request_page_that_was_kept(
    client, student, category, agent_first_line, settings
):
    settings.TICKETS_REVISION_CACHE = True
    ticket = file_ticket(student, category=category)
    client.force_login(student)
    assert (
        'id="appointment-heading"'
        not in client.get(f"/requests/{ticket.reference}/").content.decode()
    )
    revision = type(ticket).objects.get(pk=ticket.pk).revision
    appointment_offer(ticket=ticket, channel="desk", acting_user=agent_first_line)
    # The request itself did not change: the kept page is used, its section asked anew.
    assert type(ticket).objects.get(pk=ticket.pk).revision == revision
    html = client.get(f"/requests/{ticket.reference}/").content.decode()
    assert f'<a class="button" href="{page_url(ticket)}">Choose a time</a>' in html
    assert "\ue010" not in html
