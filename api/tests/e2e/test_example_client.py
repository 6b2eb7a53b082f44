"""The example client's journey against a live server, a real worker and SMTP.

Login by code (the code is read from the mail the worker delivered to the
SMTP sink), file a request, list my requests, read it back; then, once an
agent has invited the requester to an appointment, book the first free
time. The filing confirmation and the booking confirmation (with its .ics)
reach the sink too.
"""

import importlib.util
from email.message import EmailMessage
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from icalendar import Calendar

from appointments.models import Appointment
from appointments.services import appointment_offer
from appointments.tests.factories import open_schedule
from core.testing.broker import purge_queue
from core.testing.processes import celery_worker
from core.testing.smtp import SmtpSink
from tickets.models import Ticket
from tickets.tests.factories import CategoryFactory


def _load_example_client():
    """examples/ is no package: load the file the README tells people to run."""
    path = Path(django_settings.BASE_DIR) / "examples" / "api_client.py"
    spec = importlib.util.spec_from_file_location("api_client", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


example = _load_example_client()
ServiceDeskClient = example.ServiceDeskClient

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def _text(message: EmailMessage) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def _code_from(message: EmailMessage) -> str:
    lines = [line.strip() for line in _text(message).splitlines()]
    candidates = [line for line in lines if line and line.replace("-", "").isalnum()]
    return next(line for line in candidates if line.upper() == line and len(line) <= 12)


def _ics_attachment(message: EmailMessage) -> bytes | None:
    for part in message.iter_attachments():
        if part.get_filename() == "appointment.ics":
            return part.get_payload(decode=True)
    return None


def test_example_client_logs_in_by_code_files_lists_and_books(
    live_server, student, agent_first_line, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    # The help desk takes appointments on weekdays, 09:00-12:00, with one agent.
    schedule = open_schedule(agents=[agent_first_line])
    schedule.desk.agents.add(agent_first_line)
    CategoryFactory(name_en="Wi-Fi and network", default_desk=schedule.desk)
    purge_queue()
    with SmtpSink() as sink, celery_worker(extra_env={"EMAIL_URL": sink.email_url}):
        client = ServiceDeskClient(live_server.url)

        def read_code() -> str:
            sink.wait_for(1)
            assert sink.envelopes[0][1] == [student.email]
            return _code_from(sink.messages[0])

        client.login_by_code(student.email, read_code)
        client.accept_aup_if_needed()
        category = client.categories()[0]
        filed = client.file_request(
            category=category["id"], subject="Eduroam keeps dropping",
            description="Every ten minutes.", impact=1, urgency=2,
        )  # fmt: skip
        listed = client.my_requests()
        detail = client.request_detail(filed["reference"])
        sink.wait_for(2)
        assert client.appointment(filed["reference"])["appointment"] is None
        # What the agent does in the admin (the request's Appointment page):
        # invite the requester to choose a time.
        ticket = Ticket.objects.get(reference=filed["reference"])
        appointment_offer(ticket=ticket, channel="desk", acting_user=agent_first_line)
        offered = client.appointment(filed["reference"])
        booked = example.book_first_offered_slot(client)
        ics = client.appointment_ics(filed["reference"])
        # + the agent's new-request alert, the invitation and the booking confirmation
        sink.wait_for(5)
    assert [t["reference"] for t in listed] == [filed["reference"]]
    assert detail["subject"] == "Eduroam keeps dropping"
    confirmation = sink.messages[1]
    assert filed["reference"] in str(confirmation["Subject"])
    assert sink.envelopes[1][1] == [student.email]

    assert offered["appointment"]["status"] == "invited"
    first = offered["slots"][0]
    assert booked["appointment"]["status"] == "booked"
    assert booked["appointment"]["starts_at"] == first["starts_at"]
    appointment = Appointment.objects.get(ticket__reference=filed["reference"])
    assert (appointment.status, appointment.starts_at.isoformat()) == ("booked", first["key"])
    # The invitation carries no .ics; the booking confirmation does.
    mailed = [m for m in sink.messages if _ics_attachment(m) is not None]
    assert len(mailed) == 1 and filed["reference"] in str(mailed[0]["Subject"])
    assert sink.envelopes[sink.messages.index(mailed[0])][1] == [student.email]
    event = Calendar.from_ical(_ics_attachment(mailed[0])).walk("VEVENT")[0]
    assert str(event["UID"]) == appointment.uid
    assert event.decoded("DTSTART") == appointment.starts_at
    assert str(Calendar.from_ical(ics).walk("VEVENT")[0]["UID"]) == appointment.uid
