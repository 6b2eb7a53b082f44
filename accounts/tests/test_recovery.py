"""A forgotten password is recovered through the alternate address only, revealing nothing."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.tests.factories import StudentFactory
from accounts.tests.helpers import last_body, mailed_to

pytestmark = pytest.mark.django_db

ALTERNATE = "sam.private@example.net"


@pytest.fixture
def student_with_alternate(db):
    return StudentFactory(username="withalt", alternate_email=ALTERNATE)


def ask_reset(client, email):
    return client.post("/accounts/password/reset/", {"email": email})


def test_reset_link_goes_to_the_alternate_address_and_works(client, student_with_alternate):
    response = ask_reset(client, ALTERNATE)
    assert response.url == "/accounts/password/reset/done/"
    assert mailed_to() == [ALTERNATE]
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+/)", last_body(ALTERNATE))
    page = client.get(link.group(1), follow=True)
    assert "data-password-checklist" in page.content.decode()
    client.post(
        page.redirect_chain[-1][0] if page.redirect_chain else link.group(1),
        {"password1": "Brand-New-Pass-77", "password2": "Brand-New-Pass-77"},
    )
    student_with_alternate.refresh_from_db()
    assert student_with_alternate.check_password("Brand-New-Pass-77")


def test_the_university_address_never_receives_a_reset_link(client, student_with_alternate):
    ask_reset(client, student_with_alternate.email)
    assert mailed_to() == [student_with_alternate.email]
    assert "/password/reset/key/" not in last_body(student_with_alternate.email)


def test_same_answer_for_existing_and_unknown_addresses(client, student_with_alternate):
    with CaptureQueriesContext(connection) as known_queries:
        known = ask_reset(client, ALTERNATE)
    with CaptureQueriesContext(connection) as unknown_queries:
        unknown = ask_reset(client, "nobody@example.net")
    assert known.status_code == unknown.status_code == 302
    assert known.url == unknown.url
    # the same work on the server: no branch that a clock could see in the database
    assert len(known_queries) == len(unknown_queries)
    done_known = without_csrf(client.get(known.url).content.decode())
    done_unknown = without_csrf(client.get(unknown.url).content.decode())
    assert done_known == done_unknown


def without_csrf(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_reset_pages_say_how_to_file_a_request_without_logging_in(client, language):
    client.cookies["django_language"] = language
    for path in ("/accounts/password/reset/", "/accounts/password/reset/done/"):
        body = client.get(path).content.decode()
        assert 'href="/requests/new/"' in body
    assert "/accounts/alumni/activate/" in body


def test_invalid_address_is_explained_and_kept(client):
    response = ask_reset(client, "not-an-address")
    body = response.content.decode()
    assert response.status_code == 200
    assert 'value="not-an-address"' in body
    assert "geldig e-mailadres" in body


def test_unknown_address_gets_a_mail_pointing_to_a_request_not_to_a_signup(client):
    ask_reset(client, "nobody@example.net")
    body = last_body("nobody@example.net")
    assert "/requests/new/" in body
    assert "/accounts/activate/" in body
    assert "/signup/" not in body
