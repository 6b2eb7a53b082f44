"""Real parts: a Celery worker runs the beat job twice; the SMTP sink gets one survey."""

import re
import time

import pytest

from core.testing.broker import purge_queue
from core.testing.processes import celery_worker
from core.testing.smtp import SmtpSink
from notifications.models import OutboxMail
from surveys.tasks import send_due_surveys
from tickets.models import DeskSettings

from .helpers import resolved_ticket

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_the_job_twice_through_a_worker_delivers_one_survey_that_answers(
    client, student, agent_first_line
):
    purge_queue()
    DeskSettings.objects.update_or_create(id=1, defaults={"survey_delay_hours": 0})
    ticket = resolved_ticket(student, agent_first_line)
    with SmtpSink() as sink, celery_worker(extra_env={"EMAIL_URL": sink.email_url}):
        send_due_surveys.delay()
        send_due_surveys.delay()
        deadline = time.monotonic() + 60
        while not OutboxMail.objects.filter(
            event="ticket_survey", status=OutboxMail.Status.SENT
        ).exists():
            assert time.monotonic() < deadline, "the survey mail did not leave"
            time.sleep(0.1)
        time.sleep(1)  # room for a wrongly doubled second mail to arrive
    surveys = [m for m in sink.messages if "/survey/" in m.get_body(("plain",)).get_content()]
    assert len(surveys) == 1
    assert OutboxMail.objects.filter(event="ticket_survey").count() == 1
    text = surveys[0].get_body(("plain",)).get_content()
    link = re.search(r"^2: [^\n]*?https?://[^/\s]+(/survey/\S+/)", text, re.MULTILINE).group(1)
    assert client.post(link, {"score": "2", "comment": "Slow"}).status_code == 302
    ticket.refresh_from_db()
    assert (ticket.rating, ticket.rating_comment) == (2, "Slow")
