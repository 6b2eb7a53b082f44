"""The example client's journey against a live server, a real worker and SMTP.

Login by code (the code is read from the mail the worker delivered to the
SMTP sink), file a request, list my requests, read it back; the filing
confirmation reaches the sink too.
"""

import importlib.util
from email.message import EmailMessage
from pathlib import Path

import pytest
from django.conf import settings as django_settings

from notifications.testing import purge_queue
from servicedesk.testing.processes import celery_worker
from servicedesk.testing.smtp import SmtpSink
from tickets.tests.factories import CategoryFactory


def _load_example_client():
    """examples/ is no package: load the file the README tells people to run."""
    path = Path(django_settings.BASE_DIR) / "examples" / "api_client.py"
    spec = importlib.util.spec_from_file_location("api_client", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


ServiceDeskClient = _load_example_client().ServiceDeskClient

pytestmark = pytest.mark.django_db(transaction=True)


def _text(message: EmailMessage) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def _code_from(message: EmailMessage) -> str:
    lines = [line.strip() for line in _text(message).splitlines()]
    candidates = [line for line in lines if line and line.replace("-", "").isalnum()]
    return next(line for line in candidates if line.upper() == line and len(line) <= 12)


def test_example_client_logs_in_by_code_files_and_lists(live_server, student, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    CategoryFactory(name_en="Wi-Fi and network")
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
    assert [t["reference"] for t in listed] == [filed["reference"]]
    assert detail["subject"] == "Eduroam keeps dropping"
    confirmation = sink.messages[1]
    assert filed["reference"] in str(confirmation["Subject"])
    assert sink.envelopes[1][1] == [student.email]
