"""A client generated from the live schema drives the mobile journey, unchanged.

``openapi-python-client`` generates a Python package from /api/v1/schema/ of
the live server (or, in ``scripts/test``, once per run from the same schema:
``API_PYTHON_CLIENT_DIR`` points at it, so CI generates one client for both
passes). The test imports every module of it and then does what the app does:
log in with allauth's headless app API, read the categories, file a request
with an attachment, list, read it with its ETag and get 304 the second time,
reply, book a slot the desk offered, cancel it, change the profile and read
the change back. Nothing in the generated code is edited.
"""

import importlib
import io
import os
import pkgutil
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from accounts.tests.factories import DEFAULT_PASSWORD
from appointments.models import Appointment, AppointmentStatus
from appointments.services import appointment_offer
from appointments.tests.factories import category_for, open_schedule
from tickets.models import Ticket

PACKAGE = "servicedesk_api_client"

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="session")
def generated_client(live_server, tmp_path_factory):
    """The generated package (imported), from scripts/test or generated here."""
    folder = os.environ.get("API_PYTHON_CLIENT_DIR")
    if not folder:
        folder = str(tmp_path_factory.mktemp("client"))
        result = subprocess.run(
            [
                Path(sys.executable).with_name("openapi-python-client"),
                "generate",
                "--url", f"{live_server.url}/api/v1/schema/",
                "--output-path", str(Path(folder) / PACKAGE),
                "--meta", "none",
                "--fail-on-warning",
            ],
            capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip
        assert result.returncode == 0, result.stdout + result.stderr
        assert "warning" not in (result.stdout + result.stderr).lower()
    sys.path.insert(0, folder)
    try:
        package = importlib.import_module(PACKAGE)
        yield package
    finally:
        sys.path.remove(folder)
        for name in [name for name in sys.modules if name.split(".")[0] == PACKAGE]:
            del sys.modules[name]


def _module(name: str):
    return importlib.import_module(f"{PACKAGE}.{name}")


def test_every_generated_module_imports(generated_client):
    broken = []
    for info in pkgutil.walk_packages(generated_client.__path__, f"{PACKAGE}."):
        try:
            importlib.import_module(info.name)
        except Exception as error:  # report every module that fails, not the first
            broken.append(f"{info.name}: {error!r}")
    assert broken == []
    assert hasattr(_module("api.requests.requests_file"), "sync_detailed")


def test_generated_client_runs_the_mobile_journey(
    generated_client, live_server, student, agent_first_line, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    schedule = open_schedule(agents=[agent_first_line])
    schedule.desk.agents.add(agent_first_line)
    category = category_for(schedule)
    models = _module("models")
    types = _module("types")
    requests_ = {
        name: _module(f"api.requests.{name}")
        for name in ("requests_file", "requests_list", "requests_read", "requests_reply")
    }
    appointments = {
        name: _module(f"api.appointments.{name}")
        for name in ("appointment_read", "appointment_choose", "appointment_cancel")
    }
    profile = {name: _module(f"api.profile.{name}") for name in ("profile_read", "profile_update")}
    categories = _module("api.requests.categories")

    # 1. Log in as the app: allauth's headless app client hands out a session token.
    login = httpx.post(
        f"{live_server.url}/_allauth/app/v1/auth/login",
        json={"email": student.email, "password": DEFAULT_PASSWORD},
    )
    assert login.status_code == 200, login.text
    token = login.json()["meta"]["session_token"]
    client = generated_client.AuthenticatedClient(
        base_url=live_server.url,
        token=token,
        prefix="",
        auth_header_name="X-Session-Token",
        headers={"Accept-Language": "en"},
        raise_on_unexpected_status=True,
    )

    # 2. Categories: a lone top-level category is a group under its own name.
    tree = categories.sync(client=client)
    assert isinstance(tree, models.CategoryTree)
    leaves = {leaf.id: group.name for group in tree.groups for leaf in group.categories}
    assert category.pk in leaves and all(leaves.values())

    # 3. File a request with an attachment (multipart, as the schema declares).
    body = models.TicketFileRequest(
        category=category.pk,
        subject="Eduroam keeps dropping",
        description="Every ten minutes, since Monday.",
        impact=models.ImpactEnum.JUST_ME,
        urgency=models.UrgencyEnum.BLOCKS_MY_WORK,
        attachments=[
            types.File(payload=io.BytesIO(b"wlan0: link down\n"), file_name="wifi.log",
                       mime_type="text/plain"),
        ],
    )  # fmt: skip
    filed = requests_["requests_file"].sync_detailed(client=client, body=body)
    assert filed.status_code == 201, filed.content
    reference = filed.parsed.reference
    assert [a.name for a in filed.parsed.attachments] == ["wifi.log"]
    assert filed.parsed.impact == models.ImpactEnum.JUST_ME

    # 4. List my requests.
    listed = requests_["requests_list"].sync(client=client)
    assert [summary.reference for summary in listed.results] == [reference]

    # 5. Read it, then again with its ETag: 304 and no body.
    first = requests_["requests_read"].sync_detailed(reference, client=client)
    assert first.status_code == 200 and first.parsed.subject == "Eduroam keeps dropping"
    etag = first.headers["ETag"]
    again = requests_["requests_read"].sync_detailed(reference, client=client, if_none_match=etag)
    assert (again.status_code, again.content, again.headers["ETag"]) == (304, b"", etag)

    # 6. Reply.
    reply = requests_["requests_reply"].sync_detailed(
        reference, client=client, body=models.ReplyRequest(body="It happens at home too.")
    )
    assert reply.status_code == 201, reply.content
    assert reply.parsed.body == "It happens at home too."
    changed = requests_["requests_read"].sync_detailed(reference, client=client, if_none_match=etag)
    assert changed.status_code == 200 and changed.headers["ETag"] != etag

    # 7. The desk offers an appointment (in the admin); the app books a slot.
    ticket = Ticket.objects.get(reference=reference)
    appointment_offer(ticket=ticket, channel="desk", acting_user=agent_first_line)
    page = appointments["appointment_read"].sync(reference, client=client)
    assert page.appointment.status == models.AppointmentStatusEnum.INVITED
    slot = page.slots[-1]  # the latest one, well before the cancellation cut-off
    booked = appointments["appointment_choose"].sync_detailed(
        reference, client=client, body=models.SlotChoiceRequest(slot=slot.key)
    )
    assert booked.status_code == 200, booked.content
    assert booked.parsed.appointment.status == models.AppointmentStatusEnum.BOOKED
    stored = Appointment.objects.get(ticket=ticket)
    assert (stored.status, stored.starts_at.isoformat()) == (AppointmentStatus.BOOKED, slot.key)

    # 8. Cancel it.
    cancelled = appointments["appointment_cancel"].sync_detailed(
        reference, client=client, body=models.CancelRequest(reason="Solved it myself.")
    )
    assert cancelled.status_code == 200, cancelled.content
    assert cancelled.parsed.appointment is None
    stored.refresh_from_db()
    assert stored.status == AppointmentStatus.CANCELLED

    # 9. Change the profile and read the change back.
    before = profile["profile_read"].sync(client=client)
    assert before.preferred_language == models.PreferredLanguageEnum.NL
    assert before.mail_preferences.survey is True
    updated = profile["profile_update"].sync(
        client=client,
        body=models.PatchedProfileRequest(
            preferred_language=models.PreferredLanguageEnum.EN,
            mail_preferences=models.MailPreferencesRequest(survey=False),
        ),
    )
    assert updated.preferred_language == models.PreferredLanguageEnum.EN
    after = profile["profile_read"].sync(client=client)
    assert after.preferred_language == models.PreferredLanguageEnum.EN
    assert (after.mail_preferences.survey, after.mail_preferences.reminder) == (False, True)
    student.refresh_from_db()
    assert student.preferred_language == "en"
