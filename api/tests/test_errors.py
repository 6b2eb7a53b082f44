"""One error shape, in the Accept-Language language; throttles answer 429."""

import pytest
from django.test import override_settings

from api.middleware import language_from_header

from .helpers import app_client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("header", "language"),
    [("en-GB,en;q=0.9", "en"), ("fr, en;q=0.5, nl;q=0.8", "nl"), ("", "nl"), ("de", "nl"),
     ("nl;q=0.1, en", "en"), ("en;q=abc, nl", "nl")],
)  # fmt: skip
def test_language_from_header(header, language):
    assert language_from_header(header) == language


def test_the_same_error_in_dutch_and_english():
    english = app_client(language="en").get("/api/v1/profile/")
    dutch = app_client(language="nl").get("/api/v1/profile/")
    assert english.json()["code"] == dutch.json()["code"] == "not_authenticated"
    assert english.json()["message"] != dutch.json()["message"]
    assert english["Content-Language"] == "en"
    assert dutch["Content-Language"] == "nl"


def test_malformed_json_is_a_parse_error(student_api):
    response = student_api.generic(
        "PATCH", "/api/v1/profile/", "{not json", content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"


def test_wrong_method_is_405_in_the_error_shape(student_api):
    response = student_api.delete("/api/v1/profile/")
    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"


@override_settings(API_THROTTLE_RATES={"user": "3/min", "anon": "2/min"})
def test_anonymous_client_is_throttled_with_retry_after():
    client = app_client()
    client.defaults["REMOTE_ADDR"] = "192.0.2.91"  # a bucket of its own
    statuses = [client.get("/api/v1/kb/search/", {"q": "x"}).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    response = client.get("/api/v1/kb/search/", {"q": "x"})
    assert response.json()["code"] == "throttled"
    assert 0 < int(response["Retry-After"]) <= 60
    other = app_client()
    other.defaults["REMOTE_ADDR"] = "192.0.2.92"
    assert other.get("/api/v1/kb/search/", {"q": "x"}).status_code == 200


@override_settings(API_THROTTLE_RATES={"user": "3/min", "anon": "1000/min"})
def test_signed_in_user_is_throttled_per_account(student, other_student):
    client = app_client(student)
    statuses = [client.get("/api/v1/profile/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert app_client(other_student).get("/api/v1/profile/").status_code == 200


def test_unknown_api_path_and_malformed_ids_answer_json_404(student_api):
    for url in ("/api/v1/nothing-here/", "/api/v1/attachments/true/", "/api/v1/kb/articles/ü/"):
        response = student_api.get(url)
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"
