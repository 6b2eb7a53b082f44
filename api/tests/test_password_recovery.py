"""Password recovery over allauth's headless app endpoints: the alternate address only.

The same rule as the portal's page (accounts/tests/test_recovery.py): the
reset link goes to the private address the user registered, never to the
university mailbox, and known and unknown addresses get the same answer.
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.tests.factories import DEFAULT_PASSWORD, StudentFactory
from notifications.models import OutboxMail

from .helpers import LOGIN_URL, app_client

pytestmark = pytest.mark.django_db

REQUEST_URL = "/_allauth/app/v1/auth/password/request"
RESET_URL = "/_allauth/app/v1/auth/password/reset"
ALTERNATE = "sam.private@example.net"
NEW_PASSWORD = "Brand-New-Pass-77"
KEY_EVENT = "account/email/password_reset_key"


@pytest.fixture
def student_with_alternate(db):
    return StudentFactory(username="withalt", alternate_email=ALTERNATE)


def ask_reset(client, email: str):
    return client.post(REQUEST_URL, {"email": email}, format="json")


def reset_key(to: str) -> str:
    """The key in the reset link of the last reset mail to ``to`` (its last path part)."""
    mail = OutboxMail.objects.filter(recipient_email=to, event=KEY_EVENT).latest("id")
    return re.search(r"/accounts/password/reset/key/(\S+)/", mail.body_text).group(1)


def test_recovery_mails_the_alternate_address_and_the_new_password_logs_in(
    student_with_alternate,
):
    client = app_client()
    response = ask_reset(client, ALTERNATE)
    assert response.status_code == 200
    assert list(OutboxMail.objects.values_list("recipient_email", "event")) == [
        (ALTERNATE, KEY_EVENT)
    ]
    key = reset_key(ALTERNATE)

    # The app may show whose password it is before asking for the new one.
    peek = client.get(RESET_URL, HTTP_X_PASSWORD_RESET_KEY=key)
    assert peek.status_code == 200
    assert peek.json()["data"]["user"]["email"] == student_with_alternate.email

    done = client.post(RESET_URL, {"key": key, "password": NEW_PASSWORD}, format="json")
    assert done.status_code == 401  # reset, not logged in: the app logs in next
    student_with_alternate.refresh_from_db()
    assert student_with_alternate.check_password(NEW_PASSWORD)

    login = client.post(
        LOGIN_URL,
        {"email": student_with_alternate.email, "password": NEW_PASSWORD},
        format="json",
    )
    assert login.status_code == 200
    client.credentials(HTTP_X_SESSION_TOKEN=login.json()["meta"]["session_token"])
    assert client.get("/api/v1/profile/").json()["email"] == student_with_alternate.email


def test_the_key_works_once(student_with_alternate):
    client = app_client()
    ask_reset(client, ALTERNATE)
    key = reset_key(ALTERNATE)
    client.post(RESET_URL, {"key": key, "password": NEW_PASSWORD}, format="json")
    again = client.post(RESET_URL, {"key": key, "password": "Another-Pass-88"}, format="json")
    assert again.status_code == 400
    assert again.json()["errors"][0]["param"] == "key"
    student_with_alternate.refresh_from_db()
    assert student_with_alternate.check_password(NEW_PASSWORD)


def test_the_university_address_never_receives_a_reset_link(student_with_alternate):
    response = ask_reset(app_client(), student_with_alternate.email)
    assert response.status_code == 200
    mails = list(OutboxMail.objects.values_list("recipient_email", "event", "body_text"))
    assert [(to, event) for to, event, _body in mails] == [
        (student_with_alternate.email, "account/email/wrong_route")
    ]
    assert "/password/reset/key/" not in mails[0][2]
    student_with_alternate.refresh_from_db()
    assert student_with_alternate.check_password(DEFAULT_PASSWORD)


def test_known_and_unknown_addresses_get_the_same_answer_for_the_same_work(
    student_with_alternate,
):
    client = app_client()
    with CaptureQueriesContext(connection) as known_queries:
        known = ask_reset(client, ALTERNATE)
    with CaptureQueriesContext(connection) as unknown_queries:
        unknown = ask_reset(client, "nobody@example.net")
    assert known.status_code == unknown.status_code == 200
    assert known.json() == unknown.json()
    assert len(known_queries) == len(unknown_queries)
    # The unknown address gets allauth's "no account here" note (as on the
    # portal), pointing to a request without logging in; never a reset link.
    note = OutboxMail.objects.get(recipient_email="nobody@example.net")
    assert note.event == "account/email/unknown_account"
    assert "/requests/new/" in note.body_text
    assert "/password/reset/key/" not in note.body_text


def test_without_an_alternate_address_the_only_way_is_a_request(student):
    """As on the portal: no link anywhere; the note says how to file a request."""
    assert student.alternate_email == ""
    response = ask_reset(app_client(), student.email)
    assert response.status_code == 200
    (note,) = OutboxMail.objects.all()
    assert (note.recipient_email, note.event) == (student.email, "account/email/wrong_route")
    assert "/requests/new/" in note.body_text
    assert "/password/reset/key/" not in note.body_text


def test_an_account_awaiting_activation_gets_no_link():
    from accounts.tests.helpers import import_student

    student = import_student()
    student.alternate_email = ALTERNATE  # even if an address were on file
    student.save(update_fields=["alternate_email"])
    ask_reset(app_client(), ALTERNATE)
    assert not OutboxMail.objects.filter(event=KEY_EVENT).exists()


@pytest.mark.parametrize(
    ("language", "words"), [("nl", "minstens 12 tekens"), ("en", "at least 12 characters")]
)
def test_a_weak_new_password_is_refused_with_the_rule(student_with_alternate, language, words):
    client = app_client(language=language)
    ask_reset(client, ALTERNATE)
    response = client.post(
        RESET_URL, {"key": reset_key(ALTERNATE), "password": "short1A"}, format="json"
    )
    assert response.status_code == 400
    # Every rule it breaks is listed (a random surname may be "too alike" too).
    messages = [e["message"] for e in response.json()["errors"] if e["param"] == "password"]
    assert any(words in message for message in messages), messages
    student_with_alternate.refresh_from_db()
    assert student_with_alternate.check_password(DEFAULT_PASSWORD)


@pytest.mark.parametrize(("language", "words"), [("nl", "geldig e-mailadres"), ("en", "valid")])
def test_a_malformed_address_is_refused(language, words):
    response = ask_reset(app_client(language=language), "not-an-address")
    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert error["param"] == "email" and words in error["message"]
    assert not OutboxMail.objects.exists()
