"""A prospect agrees to the use of their profile data in the app, as on the portal's page."""

import datetime as dt

import pytest
import time_machine

from accounts.models import AccountEvent, Consent
from accounts.tests.factories import DEFAULT_PASSWORD, TEST_TOTP_SECRET, ProspectFactory
from accounts.totp import totp_code

from .helpers import LOGIN_URL, app_client

pytestmark = pytest.mark.django_db

URL = "/api/v1/profile/consent/"


def _prospect_client(language: str):
    """A prospect with an authenticator app, signed in through both steps, not yet agreed."""
    prospect = ProspectFactory(username=f"prospect-{language}", consent=False)
    client = app_client(language=language)
    started = client.post(
        LOGIN_URL, {"email": prospect.email, "password": DEFAULT_PASSWORD}, format="json"
    )
    client.credentials(
        HTTP_X_SESSION_TOKEN=started.json()["meta"]["session_token"],
        HTTP_ACCEPT_LANGUAGE=language,
    )
    done = client.post(
        "/_allauth/app/v1/auth/2fa/authenticate",
        {"code": totp_code(TEST_TOTP_SECRET)},
        format="json",
    )
    client.credentials(
        HTTP_X_SESSION_TOKEN=done.json()["meta"]["session_token"], HTTP_ACCEPT_LANGUAGE=language
    )
    return prospect, client


def test_prospect_reads_what_to_agree_to_then_agrees_and_may_file():
    prospect, client = _prospect_client("nl")
    refused = client.get("/api/v1/requests/")
    assert refused.status_code == 403
    assert refused.json()["code"] == "consent_required"
    assert "/api/v1/profile/consent/" in refused.json()["message"]

    state = client.get(URL).json()
    assert state["needed"] is True and state["given_at"] is None
    assert state["text"].startswith("Om je als toekomstige student te helpen")

    response = client.post(URL, {"agree": True}, format="json")
    assert response.status_code == 200
    assert response.json()["needed"] is False and response.json()["given_at"]
    assert Consent.objects.filter(user=prospect, kind=Consent.Kind.PROSPECT_DATA_USE).count() == 1
    assert AccountEvent.objects.filter(user=prospect, type="consent_given").exists()
    assert client.get("/api/v1/requests/").status_code == 200

    # Agreeing again changes nothing.
    assert client.post(URL, {"agree": True}, format="json").status_code == 200
    assert Consent.objects.filter(user=prospect).count() == 1


@pytest.mark.parametrize(
    ("language", "message"),
    [("en", "Tick the box to continue."), ("nl", "Vink het vakje aan om verder te gaan.")],
)
def test_not_ticking_the_box_is_refused_next_to_the_field(language, message):
    prospect, client = _prospect_client(language)
    response = client.post(URL, {"agree": False}, format="json")
    assert response.status_code == 400
    assert response.json()["fields"]["agree"] == [{"code": "required", "message": message}]
    assert not Consent.objects.filter(user=prospect).exists()
    assert client.get(URL).json()["needed"] is True


def test_a_student_has_nothing_to_agree_to(student_api):
    state = student_api.get(URL).json()
    assert state == {"needed": False, "text": state["text"], "given_at": None}
    assert state["text"].startswith("To help you as a future student")


def test_consent_needs_a_signed_in_caller(anon_api):
    assert anon_api.get(URL).status_code == 401
    assert anon_api.post(URL, {"agree": True}, format="json").status_code == 401


def test_right_after_logging_in_the_app_adds_an_authenticator_without_the_password_again():
    """The login just completed counts as confirming it is you (accounts.identity)."""
    prospect = ProspectFactory(username="prospect-fresh", totp=False, consent=False)
    client = app_client()
    token = client.post(
        LOGIN_URL, {"email": prospect.email, "password": DEFAULT_PASSWORD}, format="json"
    ).json()["meta"]["session_token"]
    client.credentials(HTTP_X_SESSION_TOKEN=token)
    totp = "/_allauth/app/v1/account/authenticators/totp"
    secret = client.get(totp).json()["meta"]["secret"]
    added = client.post(totp, {"code": totp_code(secret)}, format="json")
    assert added.status_code == 200 and added.json()["data"]["type"] == "totp"


def test_a_new_prospect_sets_up_an_authenticator_app_and_agrees_all_in_the_app():
    """allauth's headless TOTP endpoints, then our consent: the app needs no browser."""
    prospect = ProspectFactory(username="prospect-app", totp=False, consent=False)
    client = app_client()
    token = client.post(
        LOGIN_URL, {"email": prospect.email, "password": DEFAULT_PASSWORD}, format="json"
    ).json()["meta"]["session_token"]
    client.credentials(HTTP_X_SESSION_TOKEN=token)
    assert client.get(URL).json()["code"] == "mfa_required"

    totp = "/_allauth/app/v1/account/authenticators/totp"
    secret = client.get(totp).json()["meta"]["secret"]
    # allauth asks for the password again before adding an authenticator once
    # the login is older than its reauthentication window (a fresh login counts).
    with time_machine.travel(dt.timedelta(minutes=6)):
        asked = client.post(totp, {"code": totp_code(secret)}, format="json")
        assert asked.status_code == 401
        assert {"id": "reauthenticate"} in asked.json()["data"]["flows"]
        reauthenticated = client.post(
            "/_allauth/app/v1/auth/reauthenticate", {"password": DEFAULT_PASSWORD}, format="json"
        )
        assert reauthenticated.status_code == 200
        added = client.post(totp, {"code": totp_code(secret)}, format="json")
    assert added.status_code == 200 and added.json()["data"]["type"] == "totp"

    assert client.get(URL).json()["needed"] is True
    assert client.post(URL, {"agree": True}, format="json").json()["needed"] is False
    assert client.get("/api/v1/requests/").status_code == 200
