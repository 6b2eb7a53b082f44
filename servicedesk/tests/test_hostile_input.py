"""Hostile input gets a clear 4xx, never a 500."""

import json

import httpx
import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from rest_framework.test import APIClient

from api.tests.helpers import app_client
from tickets.tests.factories import file_ticket

pytestmark = pytest.mark.django_db

HEADLESS = "/_allauth/app/v1"


def nested_json(depth: int = 5000) -> str:
    """About 25 KB of ``{"a":{"a":...}}``: deeper than Python's recursion limit."""
    return '{"a":' * depth + "1" + "}" * depth


def assert_error_shape(response, status: int) -> dict:
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"code", "message", "fields"}
    assert body["message"]
    return body


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """allauth's limits count in the shared cache; each test starts at zero."""
    cache.clear()


@pytest.fixture
def raw_client():
    """A client that answers like a server: an exception becomes Django's 500 page."""
    return Client(raise_request_exception=False)


@pytest.mark.parametrize("path", ["/requests/guest/%00/", "/requests/%00/", "/kb/%00/"])
def test_nul_byte_in_a_page_path_is_404(raw_client, path):
    response = raw_client.get(path)
    assert response.status_code == 404
    assert b"<html" in response.content.lower()


def test_nul_byte_in_an_api_path_is_404_in_the_error_shape(student):
    ticket = file_ticket(student)
    client = app_client(student)
    client.raise_request_exception = False
    assert client.get(f"/api/v1/requests/{ticket.reference}/").status_code == 200
    body = assert_error_shape(client.get(f"/api/v1/requests/{ticket.reference}%00/"), 404)
    assert body["code"] == "not_found"


def test_deeply_nested_json_to_the_api_is_400_in_the_error_shape(student):
    client = app_client(student)
    client.raise_request_exception = False
    response = client.generic(
        "POST", "/api/v1/requests/", nested_json(), content_type="application/json"
    )
    assert len(nested_json()) > 25_000
    assert assert_error_shape(response, 400)["code"] == "parse_error"


@pytest.mark.parametrize(
    "path", ["/auth/login", "/auth/password/request", "/auth/password/reset", "/auth/signup"]
)
def test_deeply_nested_json_to_the_headless_endpoints_is_400_in_the_error_shape(path):
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en", raise_request_exception=False)
    response = client.generic(
        "POST", HEADLESS + path, nested_json(), content_type="application/json"
    )
    assert assert_error_shape(response, 400)["code"] == "parse_error"


@pytest.mark.parametrize("key", [-1, 0, 1.5, True, None, [], {}, "x" * 300])
def test_password_reset_with_a_key_that_is_not_a_string_is_400(key):
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en", raise_request_exception=False)
    response = client.post(
        HEADLESS + "/auth/password/reset",
        json.dumps({"key": key, "password": "Correct-Horse-42x"}),
        content_type="application/json",
    )
    assert response.status_code == 400, response.content[:300]
    assert response["Content-Type"].startswith("application/json")


def test_too_many_files_to_the_api_is_400_in_the_error_shape(student, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FILES = 3
    client = app_client(student)
    client.raise_request_exception = False
    files = [SimpleUploadedFile(f"f{i}.txt", b"x") for i in range(4)]
    response = client.post("/api/v1/requests/", {"subject": "Many", "attachments": files})
    assert assert_error_shape(response, 400)["code"] == "parse_error"


def test_too_many_files_to_a_page_is_the_translated_400_page(raw_client, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FILES = 1
    files = [SimpleUploadedFile(f"f{i}.txt", b"x") for i in range(2)]
    response = raw_client.post("/requests/new/", {"attachments": files})
    assert response.status_code == 400
    assert "Ongeldige aanvraag" in response.content.decode()
    raw_client.cookies["django_language"] = "en"
    response = raw_client.post("/requests/new/", {"attachments": files})
    assert "Bad request" in response.content.decode()


def test_nul_byte_in_a_query_string_is_400(raw_client):
    assert raw_client.get("/kb/", {"q": "wifi\x00"}).status_code == 400
    response = APIClient(raise_request_exception=False).get("/api/v1/kb/search/?q=%00")
    assert assert_error_shape(response, 400)["code"] == "parse_error"


def test_unknown_headless_path_is_404_in_the_error_shape():
    response = APIClient(raise_request_exception=False).get(HEADLESS + "/nothing-here")
    assert assert_error_shape(response, 404)["code"] == "not_found"


@pytest.mark.django_db(transaction=True)
def test_a_live_server_answers_hostile_input_with_4xx(live_server):
    with httpx.Client(base_url=live_server.url, headers={"Accept-Language": "en"}) as http:
        assert http.get("/requests/guest/%00/").status_code == 404
        assert http.get("/api/v1/requests/SD-2026-000004%00/").status_code == 404
        nested = http.post(
            "/api/v1/requests/", content=nested_json(), headers={"Content-Type": "application/json"}
        )
        assert nested.status_code in (400, 401)  # anonymous: refused before or after parsing
        login = http.post(
            HEADLESS + "/auth/login",
            content=nested_json(),
            headers={"Content-Type": "application/json"},
        )
        assert login.status_code == 400
        assert login.json()["code"] == "parse_error"
        reset = http.post(HEADLESS + "/auth/password/reset", json={"key": -1})
        assert reset.status_code == 400


def test_allauths_phone_management_is_not_offered_rather_than_a_500(student):
    """allauth routes it, but the portal has no allauth phone support (found by the sweep)."""
    client = app_client(student)
    client.raise_request_exception = False
    for method in ("get", "post"):
        response = getattr(client, method)(HEADLESS + "/account/phone")
        assert assert_error_shape(response, 404)["code"] == "not_found"
    spec = client.get("/_allauth/openapi.json").json()
    assert HEADLESS.removeprefix("/_allauth") + "/account/phone" not in str(list(spec["paths"]))
