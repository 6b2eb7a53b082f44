"""Schemathesis fuzzes the live /api/v1/ schema, signed in as a student.

Bounded: a fixed number of examples per operation, a fixed seed and a time
budget, so the run is reproducible and takes a minute or two. It fails on
any server error and on any response that does not match the schema
(status code, content type, body).
"""

import re
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from django.conf import settings as django_settings

from tickets.tests.factories import CategoryFactory, file_ticket

pytestmark = pytest.mark.django_db(transaction=True)

MAX_EXAMPLES = 10
SEED = 20261124
CHECKS = ",".join(
    [
        "not_a_server_error",
        "status_code_conformance",
        "content_type_conformance",
        "response_schema_conformance",
    ]
)


def test_schemathesis_finds_no_server_error_and_no_schema_mismatch(
    live_server, student, settings, tmp_path
):
    settings.API_THROTTLE_RATES = {"user": "100000/min", "anon": "100000/min"}
    settings.MEDIA_ROOT = tmp_path
    ticket = file_ticket(student, category=CategoryFactory())
    token = httpx.post(
        f"{live_server.url}/_allauth/app/v1/auth/login",
        json={"email": student.email, "password": "Correct-Horse-42"},
    ).json()["meta"]["session_token"]
    report = Path(django_settings.DATA_DIR) / "schemathesis.txt"
    command = [
        sys.executable, "-m", "schemathesis.cli", "run", f"{live_server.url}/api/v1/schema/",
        "--url", live_server.url,
        "--checks", CHECKS,
        "--max-examples", str(MAX_EXAMPLES),
        "--seed", str(SEED),
        "--generation-deterministic",
        "--max-time", "150",
        "--phases", "examples,coverage,fuzzing",
        "--workers", "1",
        "--request-timeout", "20",
        "--no-shrink",
        "--generation-allow-x00", "false",
        "--header", f"X-Session-Token: {token}",
        "--header", "Accept-Language: en",
        "--no-color",
    ]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, timeout=300)
    report.write_text(result.stdout + result.stderr)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    assert re.search(r"\b\d+ passed\b", result.stdout), result.stdout[-3000:]
    # The student's own request still reads back after the fuzzing.
    check = httpx.get(
        f"{live_server.url}/api/v1/requests/{ticket.reference}/",
        headers={"X-Session-Token": token},
    )
    assert check.status_code == 200
