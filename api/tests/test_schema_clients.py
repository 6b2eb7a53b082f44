"""The schema says what generated clients need to know, once and in English.

openapi-python-client turns a body declared in two media types with one
component into code that does not import, names integer enum members
``VALUE_1``, and copies help texts into docstrings; these checks keep the
published schema free of those traps (the generated-client journey itself is
api/tests/e2e/test_generated_client.py).
"""

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

SCHEMA_URL = "/api/v1/schema/"
ETAG_OPERATIONS = {"categories", "requests_read", "appointment_read"}


def _schema(language: str) -> dict:
    client = APIClient(HTTP_ACCEPT_LANGUAGE=language)
    response = client.get(SCHEMA_URL, HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    return response.json()


@pytest.fixture(scope="module")
def schema(django_db_blocker) -> dict:
    with django_db_blocker.unblock():
        return _schema("nl")


def _operations(schema: dict):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            yield f"{method.upper()} {path}", operation


def bodies_in_several_media_types(schema: dict) -> list[str]:
    """Operations whose request body is declared in more than one media type."""
    return [
        name
        for name, operation in _operations(schema)
        if len(operation.get("requestBody", {}).get("content", {})) > 1
    ]


def _has_binary(node, components: dict) -> bool:
    if isinstance(node, dict):
        if "$ref" in node:
            return _has_binary(components[node["$ref"].rsplit("/", 1)[1]], components)
        if node.get("format") == "binary":
            return True
        return any(_has_binary(value, components) for value in node.values())
    if isinstance(node, list):
        return any(_has_binary(value, components) for value in node)
    return False


def test_every_body_is_declared_in_one_media_type(schema):
    assert bodies_in_several_media_types(schema) == []


def test_the_check_catches_a_body_in_two_media_types():
    twice = {"content": {"application/json": {}, "multipart/form-data": {}}}
    broken = {"paths": {"/x/": {"post": {"requestBody": twice}, "get": {}}}}
    assert bodies_in_several_media_types(broken) == ["POST /x/"]


def test_multipart_exactly_where_files_are_uploaded(schema):
    components = schema["components"]["schemas"]
    media = {
        name: (next(iter(operation["requestBody"]["content"])), content)
        for name, operation in _operations(schema)
        if "requestBody" in operation
        for content in operation["requestBody"]["content"].values()
    }
    multipart = {
        name for name, (media_type, _c) in media.items() if media_type != "application/json"
    }
    with_files = {name for name, (_m, content) in media.items() if _has_binary(content, components)}
    assert multipart == with_files
    assert {
        "POST /api/v1/requests/",
        "POST /api/v1/requests/{reference}/replies/",
        "POST /api/v1/requests/{reference}/attachments/",
    } == multipart


def test_integer_enums_have_member_names(schema):
    enums = {
        name: component
        for name, component in schema["components"]["schemas"].items()
        if component.get("type") == "integer" and "enum" in component
    }
    assert set(enums) >= {"ImpactEnum", "UrgencyEnum", "PriorityEnum"}
    assert {name: c.get("x-enum-varnames") for name, c in enums.items()}["ImpactEnum"] == [
        "JUST_ME",
        "MY_GROUP",
        "MANY_PEOPLE",
    ]
    assert [
        name for name, c in enums.items() if len(c.get("x-enum-varnames", [])) != len(c["enum"])
    ] == []


def test_etag_operations_declare_if_none_match_etag_and_304(schema):
    found = {}
    for _name, operation in _operations(schema):
        if operation.get("operationId") in ETAG_OPERATIONS:
            headers = {p["name"] for p in operation.get("parameters", []) if p["in"] == "header"}
            found[operation["operationId"]] = (
                "If-None-Match" in headers,
                "304" in operation["responses"],
                "ETag" in operation["responses"]["200"].get("headers", {}),
                "ETag" in operation["responses"]["304"].get("headers", {}),
            )
    assert found == {operation: (True, True, True, True) for operation in ETAG_OPERATIONS}


def test_the_schema_is_english_whatever_language_asks_for_it(schema):
    english = _schema("en")
    assert schema == english
    impact = schema["components"]["schemas"]["ImpactEnum"]["description"]
    assert "Just me" in impact


def test_category_groups_have_names(student_api, student):
    from tickets.tests.factories import CategoryFactory

    lone = CategoryFactory(name_en="Printing", parent=None)
    parent = CategoryFactory(name_en="Network", parent=None)
    CategoryFactory(name_en="Wi-Fi", parent=parent)
    groups = student_api.get("/api/v1/categories/").json()["groups"]
    tree = {group["name"]: [c["name"] for c in group["categories"]] for group in groups}
    assert (tree["Printing"], tree["Network"]) == (["Printing"], ["Wi-Fi"])
    assert [group for group in groups if not group["name"]] == []
    assert lone.pk in [c["id"] for group in groups for c in group["categories"]]


def test_answers_follow_the_profile_language_unless_accept_language_says_otherwise(student):
    from accounts.services import user_set_preferred_language

    from .helpers import login_token

    user_set_preferred_language(user=student, language="en")
    client = APIClient()
    token = login_token(client, student)
    plain = client.get("/api/v1/requests/nope/", HTTP_X_SESSION_TOKEN=token)
    dutch = client.get(
        "/api/v1/requests/nope/", HTTP_X_SESSION_TOKEN=token, HTTP_ACCEPT_LANGUAGE="nl"
    )
    assert (plain.status_code, plain["Content-Language"]) == (404, "en")
    assert (dutch.status_code, dutch["Content-Language"]) == (404, "nl")
    assert plain.json()["message"] != dutch.json()["message"]
