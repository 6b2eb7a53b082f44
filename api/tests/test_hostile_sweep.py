"""A sweep of hostile payloads over every operation of both API specifications.

Independent of schemathesis (which generates well-typed input): each
operation of /api/v1/ and of allauth's headless app API gets the inputs that
once turned into 500s (JSON nested too deep to parse, NUL bytes in the path,
the query and the body, numbers where strings belong), signed in and not.
Every answer must be a 4xx or a success in JSON, never a 500.
"""

import re

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from tickets.tests.factories import file_ticket

from .helpers import app_client

pytestmark = pytest.mark.django_db

NESTED = '{"a":' * 5000 + "1" + "}" * 5000
WRONG_TYPES = {
    name: -1
    for name in ("key", "code", "email", "password", "phone", "subject", "category", "body")
}
NUL_STRINGS = {name: "x\x00y" for name in WRONG_TYPES}


def operations(client: APIClient, spec_url: str, prefix: str, reference: str):
    spec = client.get(spec_url, HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    for path, item in spec["paths"].items():
        url = prefix + re.sub(r"\{[^}]+\}", reference, path.removeprefix(prefix))
        for method in item:
            if method in ("get", "post", "put", "patch", "delete"):
                yield method, url


def sweep(client: APIClient, method: str, url: str) -> list[tuple[str, int]]:
    """The (case, status) of every hostile call that answered 5xx or not JSON."""
    calls = [
        ("nul in path", "get", url.rstrip("/") + "%00/", None),
        ("nul in query", method, url + "?q=%00", None),
        ("nested json", method, url, NESTED),
        ("wrong types", method, url, WRONG_TYPES),
        ("nul strings", method, url, NUL_STRINGS),
    ]
    failures = []
    for case, verb, target, body in calls:
        cache.clear()  # rate limits would answer 429 before the input is read
        if isinstance(body, str):
            response = client.generic(verb.upper(), target, body, content_type="application/json")
        else:
            response = getattr(client, verb)(target, body, format="json")
        json_answer = response.get("Content-Type", "").startswith("application/json")
        if response.status_code >= 500 or (response.status_code >= 400 and not json_answer):
            failures.append((f"{case}: {verb.upper()} {target[:80]}", response.status_code))
    return failures


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "student"])
def test_no_operation_answers_hostile_input_with_a_server_error(student, signed_in):
    reference = file_ticket(student).reference
    client = app_client(student if signed_in else None)
    client.raise_request_exception = False
    failures = []
    for spec_url, prefix in (
        ("/api/v1/schema/", "/api/v1/"),
        ("/_allauth/openapi.json", "/_allauth/"),
    ):
        for method, url in operations(client, spec_url, prefix, reference):
            if "/app/" in url or url.startswith("/api/"):
                failures += sweep(client, method, url)
    assert not failures, failures
