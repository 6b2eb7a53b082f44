"""The home page and the language choice."""

import pytest
from django.test import Client

from accounts.models import User


@pytest.mark.django_db
def test_home_is_dutch_by_default_even_for_an_english_browser(client, django_assert_num_queries):
    client.get("/")  # the theme is read once, then served from the cache
    # One query: the most-read answers.
    with django_assert_num_queries(1):
        response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert response.status_code == 200
    assert response["Content-Language"] == "nl"
    html = response.content.decode()
    assert '<html lang="nl">' in html
    assert "Hoe kunnen we helpen?" in html
    assert "Help in person" not in html


@pytest.mark.django_db
def test_home_names_what_the_desk_offers(client):
    html = client.get("/").content.decode()
    for text in ("24/7", "Een aanvraag indienen", "geen inloopbalie", "op afspraak"):
        assert text in html
    for url in ("/requests/new/", "/requests/", "/kb/", "/aup/"):
        assert f'href="{url}"' in html


@pytest.mark.django_db
def test_language_switch_sets_english_and_back(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/kb/"})
    assert response.status_code == 302
    assert response["Location"] == "/kb/"
    assert "How can we help?" in client.get("/").content.decode()

    client.post("/i18n/setlang/", {"language": "nl", "next": "/"})
    assert "Hoe kunnen we helpen?" in client.get("/").content.decode()


@pytest.mark.django_db
def test_language_switch_refuses_an_offsite_next_url(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "https://evil.example/"})
    assert response["Location"] == "/"


@pytest.mark.django_db
def test_language_switch_requires_csrf_token():
    csrf_client = Client(enforce_csrf_checks=True)
    assert csrf_client.post("/i18n/setlang/", {"language": "en"}).status_code == 403


@pytest.mark.django_db
def test_signed_in_users_language_choice_is_remembered_on_the_account(client):
    user = User.objects.create_user(username="sam", email="sam@example.org", password="x")
    assert user.preferred_language == "nl"
    client.force_login(user)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    user.refresh_from_db()
    assert user.preferred_language == "en"

    # A new session without the cookie still speaks the user's language.
    fresh = Client()
    fresh.force_login(user)
    assert "How can we help?" in fresh.get("/").content.decode()


@pytest.mark.django_db
def test_unknown_language_is_ignored(client):
    client.post("/i18n/setlang/", {"language": "xx", "next": "/"})
    assert "Hoe kunnen we helpen?" in client.get("/").content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/kb/", "/aup/", "/accounts/login/"])
def test_public_pages_answer_without_login(client, path):
    assert client.get(path).status_code == 200


@pytest.mark.django_db
def test_my_requests_requires_login(client):
    response = client.get("/requests/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
def test_unknown_page_answers_a_translated_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.content.decode()


@pytest.mark.django_db
def test_expired_form_gets_a_translated_page_not_a_technical_one():
    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.cookies["django_language"] = "en"
    response = csrf_client.post("/i18n/setlang/", {"language": "nl"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "The form has expired" in html
    assert "CSRF verification failed" not in html
