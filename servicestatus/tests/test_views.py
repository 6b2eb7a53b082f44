"""The public status page, "I am affected too" and the banners, as a visitor uses them."""

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from servicestatus import services
from servicestatus.models import AffectedPerson

pytestmark = pytest.mark.django_db

STATUS = "/status/"


def visitor(language: str) -> Client:
    """A browser that chose ``language`` with the switcher (the portal ignores Accept-Language)."""
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def affected_url(incident) -> str:
    return f"/status/{incident.reference}/affected/"


def test_the_status_page_shows_the_outage_in_both_languages(client, incident):
    dutch = visitor("nl").get(STATUS).content.decode()
    english = visitor("en").get(STATUS).content.decode()
    assert "Eduroam werkt niet in gebouw A" in dutch and "We onderzoeken het." in dutch
    assert "Eduroam is down in building A" in english and "We are looking into it." in english
    assert "Storing" in dutch and "Outage" in english


def test_the_status_page_costs_no_query_once_cached(client, incident, eduroam, agent_first_line):
    client.get(STATUS)
    with CaptureQueriesContext(connection) as warm:
        client.get(STATUS)
    for n in range(5):
        services.incident_post_update(
            incident=incident,
            body_nl=f"Stand {n}.",
            body_en=f"State {n}.",
            acting_user=agent_first_line,
        )
    client.get(STATUS)  # rebuilt once after the change
    with CaptureQueriesContext(connection) as later:
        page = client.get(STATUS).content.decode()
    assert "Stand 4." in page
    assert len(warm) == len(later)
    assert not [q for q in later.captured_queries if "servicestatus" in q["sql"]]


def test_a_storm_of_affected_too_does_not_rebuild_the_board_for_every_reader(client, incident):
    client.get(STATUS)
    for n in range(3):
        visitor("en").post(affected_url(incident), {"email": f"storm{n}@example.net"})
    with CaptureQueriesContext(connection) as after:
        client.get(STATUS)
    assert AffectedPerson.objects.count() == 3
    assert not [q for q in after.captured_queries if "servicestatus" in q["sql"]]


def test_a_signed_in_student_says_affected_once_however_often_they_click(client, incident, student):
    client.force_login(student)
    for _ in range(2):
        response = client.post(affected_url(incident), {"next": "/requests/new/"})
        assert response.status_code == 302 and response.url == "/requests/new/"
    assert list(AffectedPerson.objects.values_list("email", flat=True)) == [student.email]


def test_a_guest_says_affected_with_their_address(client, incident):
    response = visitor("en").post(
        affected_url(incident),
        {"email": "gast@example.net"},
        follow=True,
    )
    assert "We will mail gast@example.net each update" in response.content.decode()
    person = AffectedPerson.objects.get()
    assert (person.email, person.language, person.user) == ("gast@example.net", "en", None)


def test_a_bad_address_is_refused_in_the_visitors_language_and_kept(client, incident):
    response = visitor("nl").post(
        affected_url(incident),
        {"email": "not-an-address"},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert 'value="not-an-address"' in page and 'aria-invalid="true"' in page
    assert "geldig e-mailadres" in page
    assert not AffectedPerson.objects.exists()


def test_affected_too_is_rate_limited_per_address(client, incident):
    from servicestatus import views

    for _try in range(views.AFFECTED_PER_EMAIL):
        client.post(affected_url(incident), {"email": "same@example.net"})
    response = visitor("en").post(
        affected_url(incident),
        {"email": "same@example.net"},
    )
    assert response.status_code == 429
    assert "Too many tries" in response.content.decode()


def test_one_client_address_may_say_affected_for_many_addresses_up_to_its_own_limit(
    client, incident, settings
):
    settings.SERVICESTATUS_AFFECTED_PER_ADDRESS = 3
    answers = [
        visitor("en").post(affected_url(incident), {"email": f"guest{n}@example.net"}).status_code
        for n in range(4)
    ]
    assert answers == [302, 302, 302, 429]
    assert AffectedPerson.objects.count() == 3


def test_a_resolved_incident_says_so_instead_of_linking(client, incident, agent_first_line):
    services.incident_resolve(
        incident=incident, body_nl="Opgelost.", body_en="Fixed.", acting_user=agent_first_line
    )
    response = visitor("en").post(
        affected_url(incident),
        {"email": "late@example.net"},
        follow=True,
    )
    assert "already resolved" in response.content.decode()
    assert not AffectedPerson.objects.exists()


def test_an_unknown_incident_is_not_found(client, db):
    assert client.post("/status/INC-99999/affected/", {"email": "a@example.net"}).status_code == 404


def test_the_home_page_and_the_new_request_form_show_the_banner(client, incident, wifi):
    home = visitor("en").get("/").content.decode()
    form = visitor("en").get("/requests/new/").content.decode()
    assert "Known disruptions" in home and "Eduroam is down in building A" in home
    assert "data-status-banner" in form
    assert f'data-categories="{wifi.pk} "' in form


def test_no_banner_when_all_is_well(client, db):
    assert "Known disruptions" not in visitor("en").get("/").content.decode()
