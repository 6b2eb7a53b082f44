"""Authentication is allauth's headless app client; staff need MFA for the API."""

import pytest
import yaml
from django.urls import resolve
from drf_spectacular.validation import validate_schema

from accounts import roles
from accounts.models import Consent
from accounts.services import consent_give
from accounts.tests.factories import (
    DEFAULT_PASSWORD,
    TEST_TOTP_SECRET,
    ProspectFactory,
    StaffFactory,
)
from accounts.totp import totp_code

from .helpers import LOGIN_URL, app_client, login_token

pytestmark = pytest.mark.django_db


def test_student_logs_in_through_allauth_and_reads_the_profile(student):
    client = app_client()
    assert client.get("/api/v1/profile/").status_code == 401
    token = login_token(client, student)
    client.credentials(HTTP_X_SESSION_TOKEN=token)
    response = client.get("/api/v1/profile/")
    assert response.status_code == 200
    assert response.json()["email"] == student.email


def test_wrong_password_gets_no_token(student):
    client = app_client()
    response = client.post(
        LOGIN_URL, {"email": student.email, "password": "Not-The-Password-1"}, format="json"
    )
    assert response.status_code == 400
    assert "session_token" not in response.json().get("meta", {})


def test_a_made_up_token_is_refused_in_the_error_shape():
    client = app_client(language="nl")
    client.credentials(HTTP_X_SESSION_TOKEN="made-up")
    response = client.get("/api/v1/profile/")
    assert response.status_code == 401
    body = response.json()
    assert body["code"] == "invalid_token"
    assert body["fields"] == {}
    assert response["WWW-Authenticate"].startswith("X-Session-Token")


def test_a_missing_token_and_a_bad_token_answer_different_codes():
    missing = app_client().get("/api/v1/profile/")
    bad = app_client()
    bad.credentials(HTTP_X_SESSION_TOKEN="made-up", HTTP_ACCEPT_LANGUAGE="en")
    answered = bad.get("/api/v1/profile/")
    assert (missing.status_code, missing.json()["code"]) == (401, "not_authenticated")
    assert (answered.status_code, answered.json()["code"]) == (401, "invalid_token")


def test_logout_ends_the_token(student):
    client = app_client(student)
    assert client.get("/api/v1/profile/").status_code == 200
    assert client.delete("/_allauth/app/v1/auth/session").status_code == 401
    assert client.get("/api/v1/profile/").status_code == 401


def test_staff_without_an_authenticator_cannot_use_the_api():
    agent = StaffFactory(username="agent-no-mfa", totp=False, roles=[roles.FIRST_LINE_AGENT])
    client = app_client()
    token = login_token(client, agent)
    client.credentials(HTTP_X_SESSION_TOKEN=token)
    response = client.get("/api/v1/profile/")
    assert response.status_code == 401
    assert response.json()["code"] == "mfa_required"


def test_staff_with_an_authenticator_passes_allauths_mfa_stage(agent_first_line):
    client = app_client()
    response = client.post(
        LOGIN_URL,
        {"email": agent_first_line.email, "password": DEFAULT_PASSWORD},
        format="json",
    )
    # allauth stops at the MFA stage: a pending flow, no authenticated session yet.
    assert response.status_code == 401
    flows = response.json()["data"]["flows"]
    assert any(flow["id"] == "mfa_authenticate" and flow.get("is_pending") for flow in flows)
    client.credentials(HTTP_X_SESSION_TOKEN=response.json()["meta"]["session_token"])
    assert client.get("/api/v1/profile/").status_code == 401
    done = client.post(
        "/_allauth/app/v1/auth/2fa/authenticate",
        {"code": totp_code(TEST_TOTP_SECRET)},
        format="json",
    )
    assert done.status_code == 200, done.content
    client.credentials(HTTP_X_SESSION_TOKEN=done.json()["meta"]["session_token"])
    assert client.get("/api/v1/profile/").json()["email"] == agent_first_line.email


def test_browser_portal_login_still_works(client, student):
    response = client.post(
        "/accounts/login/", {"login": student.email, "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 302
    assert client.get("/").wsgi_request.user == student


def test_allauth_specification_is_served_without_a_cdn(client):
    assert client.get("/_allauth/openapi.json").status_code == 200
    page = client.get("/_allauth/openapi.html").content.decode()
    assert "/static/drf_spectacular_sidecar/redoc/" in page
    assert "cdn." not in page


def test_allauth_specification_documents_the_portal_additions(client):
    """The phone-code stage, the alternate-address rule and the kept TOTP secret are documented."""
    as_json = client.get("/_allauth/openapi.json").json()
    as_yaml = yaml.safe_load(client.get("/_allauth/openapi.yaml").content)
    assert as_json == as_yaml
    validate_schema(as_json)
    paths = as_json["paths"]
    phone = paths["/_allauth/app/v1/auth/2fa/phone/authenticate"]["post"]
    assert "accounts_phone_code" in phone["description"]
    assert (
        phone["requestBody"]
        == paths["/_allauth/app/v1/auth/2fa/authenticate"]["post"]["requestBody"]
    )
    assert "429" in paths["/_allauth/app/v1/auth/2fa/phone/resend"]["post"]["responses"]
    recovery = paths["/_allauth/app/v1/auth/password/request"]["post"]["description"]
    assert "alternate" in recovery
    totp_setup = paths["/_allauth/app/v1/account/authenticators/totp"]["get"]["description"]
    assert "stays the same" in totp_setup
    # Every path the document names is served (resolve() raises otherwise).
    for path in paths:
        resolve(path)


def test_schema_and_both_documentation_pages_use_local_files_only(client):
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    assert "/api/v1/kb/search/" in schema.json()["paths"]
    for url in ("/api/v1/docs/", "/api/v1/redoc/"):
        page = client.get(url).content.decode()
        assert "/static/drf_spectacular_sidecar/" in page
        assert "cdn." not in page and "unpkg" not in page


def test_prospect_without_a_second_factor_cannot_use_the_api():
    prospect = ProspectFactory(username="new-prospect", totp=False, consent=False)
    client = app_client()
    client.credentials(HTTP_X_SESSION_TOKEN=login_token(client, prospect))
    response = client.get("/api/v1/profile/")
    assert response.status_code == 401
    assert response.json()["code"] == "mfa_required"


def test_prospect_must_consent_before_using_the_request_endpoints():
    prospect = ProspectFactory(username="mfa-prospect", consent=False)
    client = app_client()
    started = client.post(
        LOGIN_URL, {"email": prospect.email, "password": DEFAULT_PASSWORD}, format="json"
    )
    client.credentials(HTTP_X_SESSION_TOKEN=started.json()["meta"]["session_token"])
    done = client.post(
        "/_allauth/app/v1/auth/2fa/authenticate",
        {"code": totp_code(TEST_TOTP_SECRET)},
        format="json",
    )
    client.credentials(HTTP_X_SESSION_TOKEN=done.json()["meta"]["session_token"])
    assert client.get("/api/v1/requests/").json()["code"] == "consent_required"
    consent_give(user=prospect, kind=Consent.Kind.PROSPECT_DATA_USE)
    assert client.get("/api/v1/requests/").status_code == 200
