"""The whole road with real parts: commit → broker → worker process → SMTP."""

import time

import pytest
from django.db import transaction

from core.testing.processes import celery_worker
from notifications.models import OutboxMail
from notifications.services import notify
from notifications.tasks import deliver_outbox_mail

# A real worker on the configured broker: the embedded pass runs it too, on
# the filesystem broker that deployments without Redis use.
pytestmark = [pytest.mark.slow, pytest.mark.embedded, pytest.mark.django_db(transaction=True)]


class RolledBack(Exception):
    pass


def wait_for_status(mail: OutboxMail, status: str, *, timeout: float = 30.0) -> OutboxMail:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        mail.refresh_from_db()
        if mail.status == status:
            return mail
        time.sleep(0.1)
    raise AssertionError(f"outbox mail {mail.pk} is {mail.status}, not {status}")


def test_committed_mail_arrives_once_and_rolled_back_mail_never(smtp_sink, empty_queue):
    with celery_worker(extra_env={"EMAIL_URL": smtp_sink.email_url}):
        with pytest.raises(RolledBack), transaction.atomic():
            notify(event="mail_test", recipient_email="rolled-back@example.org", context={})
            raise RolledBack
        with transaction.atomic():
            mail = notify(event="mail_test", recipient_email="sam@example.org", context={})
        wait_for_status(mail, OutboxMail.Status.SENT)

        # The broker hands the same task out again: the claim stops a second mail.
        deliver_outbox_mail.delay(mail.pk)
        with transaction.atomic():
            sentinel = notify(event="mail_test", recipient_email="last@example.org", context={})
        # One solo worker takes the queue in order: once the sentinel is in,
        # the duplicate has been handled.
        wait_for_status(sentinel, OutboxMail.Status.SENT)

    assert smtp_sink.message_ids() == [mail.message_id, sentinel.message_id]
    assert [rcpts for _sender, rcpts in smtp_sink.envelopes] == [
        ["sam@example.org"],
        ["last@example.org"],
    ]
    assert OutboxMail.objects.filter(recipient_email="rolled-back@example.org").count() == 0
    mail.refresh_from_db()
    assert mail.attempts == 1
    delivered = smtp_sink.messages[0]
    assert delivered["Auto-Submitted"] == "auto-generated"
    assert delivered["Subject"] == mail.subject
    plain = delivered.get_body(("plain",)).get_content()
    html = delivered.get_body(("html",)).get_content()
    assert plain.splitlines() == mail.body_text.splitlines()
    assert html.splitlines() == mail.body_html.splitlines()


def test_the_worker_marks_mails_failed_when_refused_or_out_of_attempts(smtp_sink, empty_queue):
    smtp_sink.refused.add("gone@example.org")
    env = {
        "EMAIL_URL": smtp_sink.email_url,
        "NOTIFICATIONS_MAX_ATTEMPTS": "2",
        "NOTIFICATIONS_RETRY_BASE_DELAY": "0.2",
    }
    with celery_worker(extra_env=env):
        with transaction.atomic():
            refused = notify(event="mail_test", recipient_email="gone@example.org", context={})
        wait_for_status(refused, OutboxMail.Status.FAILED)

        smtp_sink.stop()
        with transaction.atomic():
            unlucky = notify(event="mail_test", recipient_email="sam@example.org", context={})
        wait_for_status(unlucky, OutboxMail.Status.FAILED)

    assert refused.attempts == 1  # a 550 is not worth another try
    assert "550" in refused.last_error
    assert unlucky.attempts == 2
    assert "gave up after 2 attempts" in unlucky.last_error
    assert smtp_sink.messages == []
