"""A prospect whose second factor is a phone logs in over allauth's headless app endpoints.

allauth runs the phone-code stage (accounts.stages) after its own and names
it as the pending flow ``accounts_phone_code``; the app types the texted code
at /_allauth/app/v1/auth/2fa/phone/authenticate and gets its session token.
"""

import re

import pytest

from accounts.services import user_set_phone_authenticator
from accounts.sms import MemorySmsSender
from accounts.tests.factories import DEFAULT_PASSWORD, ProspectFactory
from accounts.tests.helpers import last_login_code

from .helpers import LOGIN_URL, app_client

pytestmark = pytest.mark.django_db

PHONE = "+32470123456"
AUTHENTICATE_URL = "/_allauth/app/v1/auth/2fa/phone/authenticate"
RESEND_URL = "/_allauth/app/v1/auth/2fa/phone/resend"


@pytest.fixture
def phone_prospect(db):
    prospect = ProspectFactory(username="phoneuser", totp=False)
    user_set_phone_authenticator(user=prospect, phone_number=PHONE)
    return prospect


def last_sms_code() -> str:
    texts = [text for number, text in MemorySmsSender.outbox if number == PHONE]
    return re.search(r"(\d{6})", texts[-1]).group(1)


def other_code(code: str) -> str:
    return f"{(int(code) + 1) % 10**6:06d}"


def pending_flow_ids(response) -> list[str]:
    return [flow["id"] for flow in response.json()["data"]["flows"] if flow.get("is_pending")]


def log_in_by_mailed_code(client, prospect):
    """The prospect's usual way in: a code by mail; it stops at the phone stage."""
    started = client.post(
        "/_allauth/app/v1/auth/code/request", {"email": prospect.email}, format="json"
    )
    client.credentials(HTTP_X_SESSION_TOKEN=started.json()["meta"]["session_token"])
    return client.post(
        "/_allauth/app/v1/auth/code/confirm",
        {"code": last_login_code(prospect.email)},
        format="json",
    )


def test_prospect_logs_in_with_mail_code_then_phone_code_and_uses_the_api(phone_prospect):
    client = app_client()
    response = log_in_by_mailed_code(client, phone_prospect)
    assert response.status_code == 401
    assert pending_flow_ids(response) == ["accounts_phone_code"]
    assert len(MemorySmsSender.outbox) == 1
    assert client.get("/api/v1/profile/").status_code == 401  # not signed in yet

    wrong = client.post(AUTHENTICATE_URL, {"code": other_code(last_sms_code())}, format="json")
    assert wrong.status_code == 400
    assert wrong.json()["errors"][0]["param"] == "code"

    done = client.post(AUTHENTICATE_URL, {"code": last_sms_code()}, format="json")
    assert done.status_code == 200, done.json()
    assert done.json()["data"]["user"]["email"] == phone_prospect.email
    client.credentials(HTTP_X_SESSION_TOKEN=done.json()["meta"]["session_token"])
    profile = client.get("/api/v1/profile/")
    assert profile.status_code == 200  # the phone counts as the second factor
    assert profile.json()["kind"] == "prospect"


def test_password_login_reaches_the_phone_stage_too(phone_prospect):
    client = app_client()
    started = client.post(
        LOGIN_URL, {"email": phone_prospect.email, "password": DEFAULT_PASSWORD}, format="json"
    )
    assert pending_flow_ids(started) == ["accounts_phone_code"]
    client.credentials(HTTP_X_SESSION_TOKEN=started.json()["meta"]["session_token"])
    done = client.post(AUTHENTICATE_URL, {"code": last_sms_code()}, format="json")
    assert done.status_code == 200
    assert done.json()["meta"]["is_authenticated"] is True


@pytest.mark.parametrize(
    ("language", "words"), [("nl", "Meld je opnieuw aan"), ("en", "Log in again")]
)
def test_three_wrong_phone_codes_end_the_login(phone_prospect, language, words):
    client = app_client(language=language)
    log_in_by_mailed_code(client, phone_prospect)
    right = last_sms_code()
    answers = [
        client.post(AUTHENTICATE_URL, {"code": other_code(right)}, format="json") for _ in range(3)
    ]
    assert [a.status_code for a in answers] == [400, 400, 400]
    assert words in answers[-1].json()["errors"][0]["message"]
    late = client.post(AUTHENTICATE_URL, {"code": right}, format="json")
    assert late.status_code == 401
    assert "session_token" not in late.json().get("meta", {})
    assert pending_flow_ids(late) == []


def test_a_new_code_can_be_texted_a_few_times(phone_prospect):
    client = app_client()
    log_in_by_mailed_code(client, phone_prospect)
    first = last_sms_code()
    assert client.post(RESEND_URL).status_code == 200
    assert len(MemorySmsSender.outbox) == 2
    second = last_sms_code()
    if second != first:  # the old code died with the new one
        stale = client.post(AUTHENTICATE_URL, {"code": first}, format="json")
        assert stale.status_code == 400
    for _ in range(4):
        client.post(RESEND_URL)
    assert client.post(RESEND_URL).status_code == 429
    done = client.post(AUTHENTICATE_URL, {"code": last_sms_code()}, format="json")
    assert done.status_code == 200


def test_without_a_pending_phone_stage_the_endpoints_answer_401(student):
    client = app_client(student)
    for url in (AUTHENTICATE_URL, RESEND_URL):
        response = client.post(url, {"code": "123456"}, format="json")
        assert response.status_code == 401
    assert app_client().post(AUTHENTICATE_URL, {"code": "1"}, format="json").status_code == 401


def test_malformed_input_is_a_400_not_a_crash(phone_prospect):
    client = app_client()
    log_in_by_mailed_code(client, phone_prospect)
    assert client.post(AUTHENTICATE_URL, {}, format="json").status_code == 400
    assert client.post(AUTHENTICATE_URL, {"code": "9" * 40}, format="json").status_code == 400
    assert (
        client.generic("POST", AUTHENTICATE_URL, "[1]", content_type="application/json")
    ).status_code == 400
    # the login still waits for the right code
    assert (
        client.post(AUTHENTICATE_URL, {"code": last_sms_code()}, format="json").status_code == 200
    )


def test_the_totp_endpoint_does_not_pass_the_phone_stage(phone_prospect):
    client = app_client()
    log_in_by_mailed_code(client, phone_prospect)
    response = client.post(
        "/_allauth/app/v1/auth/2fa/authenticate", {"code": "123456"}, format="json"
    )
    assert response.status_code == 401
    assert client.get("/api/v1/profile/").status_code == 401
