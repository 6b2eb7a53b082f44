"""Schemathesis fuzzes the live /api/v1/ schema, signed in as a student.

Bounded: a fixed number of examples per operation, a fixed seed and a time
budget, so the run is reproducible and takes a minute or two. It fails on
any server error and on any response that does not match the schema
(status code, content type, body).

Path parameters are pinned to the student's own request (which has an
appointment offered) and a published article, so the fuzzed bodies and
queries reach the services instead of stopping at a 404; the 404s for
unknown or other people's objects have tests of their own.
"""

import re
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from django.conf import settings as django_settings

from appointments.services import appointment_offer
from appointments.tests.factories import category_for, open_schedule
from knowledgebase.tests.factories import ArticleFactory
from tickets.tests.factories import file_ticket

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

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
    live_server, student, agent_first_line, settings, tmp_path
):
    settings.API_THROTTLE_RATES = {"user": "100000/min", "anon": "100000/min"}
    settings.MEDIA_ROOT = tmp_path
    schedule = open_schedule(agents=[agent_first_line])
    schedule.desk.agents.add(agent_first_line)
    ticket = file_ticket(student, category=category_for(schedule))
    appointment_offer(ticket=ticket, channel="desk", acting_user=agent_first_line)
    article = ArticleFactory()
    config = tmp_path / "schemathesis.toml"
    config.write_text(
        f'[parameters]\n"path.reference" = "{ticket.reference}"\n"path.slug" = "{article.slug}"\n'
    )
    token = httpx.post(
        f"{live_server.url}/_allauth/app/v1/auth/login",
        json={"email": student.email, "password": "Correct-Horse-42"},
    ).json()["meta"]["session_token"]
    report = Path(django_settings.DATA_DIR) / "schemathesis.txt"
    command = [
        sys.executable, "-m", "schemathesis.cli", "--config-file", str(config),
        "run", f"{live_server.url}/api/v1/schema/",
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
        "--generation-allow-x00", "true",
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
