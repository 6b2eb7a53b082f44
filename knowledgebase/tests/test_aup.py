"""The AUP: versions, acceptance, the gate, and accepting again after a new version."""

import pytest
from django.core.exceptions import ValidationError
from django.http import HttpResponse

from knowledgebase import services
from knowledgebase.models import AupAcceptance, KnowledgebaseEvent
from knowledgebase.selectors import user_needs_to_accept_aup

from .factories import AupVersionFactory


def publish(label: str, **fields):
    version = AupVersionFactory(label=label, **fields)
    return services.aup_version_publish(version=version, acting_user=None)


@pytest.mark.django_db
def test_no_published_aup_means_nobody_is_gated(client, student):
    client.force_login(student)
    assert not user_needs_to_accept_aup(student)
    assert client.get("/requests/").status_code == 200


@pytest.mark.django_db
def test_signed_in_user_is_sent_to_accept_before_anything_else(client, student):
    publish("2026.1")
    client.force_login(student)
    response = client.get("/requests/?page=2")
    assert response.status_code == 302
    assert response["Location"] == "/aup/accept/?next=%2Frequests%2F%3Fpage%3D2"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/kb/", "/aup/", "/aup/accept/", "/healthz", "/accounts/password/change/"]
)
def test_gate_lets_exempt_paths_through(client, student, path):
    publish("2026.1")
    client.force_login(student)
    response = client.get(path)
    assert not (response.status_code == 302 and response["Location"].startswith("/aup/accept/"))


@pytest.mark.django_db
def test_visitors_are_not_gated(client):
    publish("2026.1")
    assert client.get("/").status_code == 200


@pytest.mark.django_db
def test_accepting_unlocks_the_portal_and_leaves_an_audit_row(client, student):
    version = publish("2026.1")
    client.force_login(student)
    page = client.get("/aup/accept/?next=/requests/")
    assert "Je aanmeldgegevens zijn persoonlijk." in page.content.decode()
    response = client.post(
        "/aup/accept/", {"version": "2026.1", "agree": "on", "next": "/requests/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/requests/"
    assert AupAcceptance.objects.filter(user=student, version=version).exists()
    event = KnowledgebaseEvent.objects.get(type=KnowledgebaseEvent.Type.AUP_ACCEPTED)
    assert event.acting_user == student
    assert client.get("/requests/").status_code == 200


@pytest.mark.django_db
def test_accept_without_ticking_the_box_says_so_next_to_it(client, student):
    publish("2026.1")
    client.force_login(student)
    response = client.post("/aup/accept/", {"version": "2026.1", "next": "/requests/"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Vink het vakje aan" in html
    assert 'aria-describedby="id_agree_error"' in html
    assert not AupAcceptance.objects.exists()


@pytest.mark.django_db
def test_accept_refuses_an_offsite_next(client, student):
    publish("2026.1")
    client.force_login(student)
    response = client.post(
        "/aup/accept/", {"version": "2026.1", "agree": "on", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


@pytest.mark.django_db
def test_publishing_a_new_version_makes_everyone_accept_again(client, student, alumnus):
    first = publish("2026.1")
    services.aup_accept(user=student, version=first)
    services.aup_accept(user=alumnus, version=first)
    assert not user_needs_to_accept_aup(student)

    second = publish("2026.2", changes_nl="Nieuw: tweestapsverificatie.")
    first.refresh_from_db()
    assert second.is_current and not first.is_current
    assert user_needs_to_accept_aup(student)
    assert user_needs_to_accept_aup(alumnus)

    client.force_login(student)
    assert client.get("/requests/")["Location"].startswith("/aup/accept/")
    assert "Nieuw: tweestapsverificatie." in client.get("/aup/accept/").content.decode()
    client.post("/aup/accept/", {"version": "2026.2", "agree": "on", "next": "/requests/"})
    assert client.get("/requests/").status_code == 200
    assert user_needs_to_accept_aup(alumnus)


@pytest.mark.django_db
def test_a_stale_form_for_an_older_version_is_refused(client, student):
    publish("2026.1")
    publish("2026.2")
    client.force_login(student)
    response = client.post("/aup/accept/", {"version": "2026.1", "agree": "on"})
    assert response.status_code == 400
    assert user_needs_to_accept_aup(student)


@pytest.mark.django_db
def test_old_version_cannot_be_accepted_or_published_again(student):
    first = publish("2026.1")
    publish("2026.2")
    first.refresh_from_db()
    with pytest.raises(ValidationError):
        services.aup_accept(user=student, version=first)
    with pytest.raises(ValidationError):
        services.aup_version_publish(version=first, acting_user=None)


@pytest.mark.django_db
def test_accepting_twice_keeps_one_row(student):
    version = publish("2026.1")
    services.aup_accept(user=student, version=version)
    services.aup_accept(user=student, version=version)
    assert AupAcceptance.objects.filter(user=student).count() == 1


@pytest.mark.django_db
def test_aup_page_shows_current_earlier_versions_and_what_changed(client):
    publish("2025.1", text_nl="Oude regels.")
    publish("2026.1", text_nl="Nieuwe regels.", changes_nl="Artikel 5 is nieuw.")
    html = client.get("/aup/").content.decode()
    assert "Nieuwe regels." in html and "Artikel 5 is nieuw." in html
    assert 'href="/aup/versions/2025.1/"' in html
    old = client.get("/aup/versions/2025.1/").content.decode()
    assert "Oude regels." in old and "niet meer van kracht" in old


@pytest.mark.django_db
def test_unpublished_version_is_not_public(client):
    AupVersionFactory(label="2027.1")
    assert client.get("/aup/versions/2027.1/").status_code == 404


@pytest.mark.django_db
def test_gate_asks_the_database_once_per_session_and_version(
    student, django_assert_num_queries, rf
):
    """Issue 23: once the acceptance is found, the session remembers it; no query per page.

    A newly published version is noticed at once all the same.
    """
    from knowledgebase.middleware import AupGateMiddleware

    version = publish("2026.1")
    services.aup_accept(user=student, version=version)
    gate = AupGateMiddleware(lambda r: HttpResponse("the page"))
    session = {}

    def open_page():
        request = rf.get("/requests/")
        request.user, request.session = student, session
        return gate(request)

    with django_assert_num_queries(2):  # the current version, the acceptance
        assert open_page().content == b"the page"
    with django_assert_num_queries(0):
        assert open_page().content == b"the page"
    publish("2026.2")
    with django_assert_num_queries(2):
        response = open_page()
    assert response.status_code == 302
    assert response["Location"].startswith("/aup/accept/")
    with django_assert_num_queries(1):  # still not accepted: asked again, never remembered
        assert open_page().status_code == 302


@pytest.mark.django_db
def test_a_form_posted_after_a_new_version_is_not_redirected_by_the_gate(client, student):
    """The gate must not swallow a submitted form: only page navigations are gated."""
    from tickets.tests.factories import file_ticket

    ticket = file_ticket(student)
    client.force_login(student)
    publish("2026.1")
    response = client.post(
        f"/requests/{ticket.reference}/reply/", {"body": "Mijn antwoord blijft bewaard."}
    )
    assert not response.get("Location", "").startswith("/aup/accept/")
    assert ticket.messages.filter(body="Mijn antwoord blijft bewaard.").exists()
    # The next page the browser opens asks for the acceptance.
    page = client.get(f"/requests/{ticket.reference}/", HTTP_ACCEPT="text/html")
    assert page["Location"].startswith("/aup/accept/")


@pytest.mark.django_db
def test_background_fetches_are_not_gated(client, student):
    publish("2026.1")
    client.force_login(student)
    response = client.get("/requests/", HTTP_SEC_FETCH_MODE="cors", HTTP_ACCEPT="application/json")
    assert not response.get("Location", "").startswith("/aup/accept/")
