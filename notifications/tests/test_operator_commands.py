"""manage.py resend_failed_mails and queue_health, as an operator runs them."""

import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from core.testing.broker import drain_queued_tasks, purge_queue
from mailin.models import InboundMessage
from notifications.models import OutboxMail, OutboxMailEvent
from notifications.services import outbox_mail_create

pytestmark = pytest.mark.django_db

Status = OutboxMail.Status


def _mail(*, status: str, event: str = "ticket_filed", to: str = "a@example.org", error: str = ""):
    with transaction.atomic():
        mail = outbox_mail_create(
            event=event, recipient_email=to, subject="S", body_text="B", language="nl"
        )
    sent_at = timezone.now() if status == Status.SENT else None
    OutboxMail.objects.filter(pk=mail.pk).update(
        status=status, attempts=8, last_error=error, sent_at=sent_at
    )
    return mail


@pytest.fixture(autouse=True)
def _empty_queue():
    purge_queue()
    yield
    purge_queue()


def test_dry_run_lists_the_matching_failed_mails_and_changes_nothing(capsys):
    smtp = _mail(status=Status.FAILED, error="550 mailbox unavailable", to="x@example.org")
    _mail(status=Status.FAILED, event="survey_invitation", error="timed out")
    _mail(status=Status.SENT)
    purge_queue()

    call_command("resend_failed_mails", "--dry-run", "--event", "ticket_filed")

    out = capsys.readouterr().out
    assert f"{smtp.pk} failed ticket_filed x@example.org" in out
    assert "Dry run: 1 mails would be sent again." in out
    assert OutboxMail.objects.filter(status=Status.FAILED).count() == 2
    assert drain_queued_tasks() == []


def test_resend_gives_fresh_attempts_and_queues_each_once(
    capsys, django_capture_on_commit_callbacks
):
    timeout = _mail(status=Status.FAILED, error="SMTP connect timed out")
    refused = _mail(status=Status.FAILED, error="550 no such user")
    bounced = _mail(status=Status.BOUNCED, error="dsn")
    purge_queue()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("resend_failed_mails", "--error-contains", "timed out")

    assert "1 mails queued to be sent again." in capsys.readouterr().out
    timeout.refresh_from_db()
    assert (timeout.status, timeout.attempts, timeout.last_error) == (Status.READY, 0, "")
    assert OutboxMail.objects.get(pk=refused.pk).status == Status.FAILED
    assert OutboxMail.objects.get(pk=bounced.pk).status == Status.BOUNCED
    assert drain_queued_tasks() == [("notifications.deliver_outbox_mail", [timeout.pk])]
    assert OutboxMailEvent.objects.filter(mail=timeout, type="resent").count() == 1

    with django_capture_on_commit_callbacks(execute=True):
        call_command("resend_failed_mails", "--status", "bounced", "--since", "2000-01-01")
    assert OutboxMail.objects.get(pk=bounced.pk).status == Status.READY


def test_queue_health_counts_what_waits(capsys, django_capture_on_commit_callbacks):
    old = _mail(status=Status.READY)
    OutboxMail.objects.filter(pk=old.pk).update(next_attempt_at=timezone.now() - timedelta(hours=2))
    _mail(status=Status.FAILED)
    InboundMessage.objects.create(message_id="<held@example.org>", status="held")
    purge_queue()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        outbox_mail_create(
            event="x", recipient_email="q@example.org", subject="S", body_text="B", language="nl"
        )

    call_command("queue_health", "--json")

    health = json.loads(capsys.readouterr().out)
    assert health["outbox_by_status"] == {"ready": 2, "failed": 1}
    assert 7100 < health["oldest_ready_seconds"] < 7300
    assert health["inbound_held"] == 1
    assert health["celery_queue_length"] == 1  # the one mail queued just now

    call_command("queue_health")
    out = capsys.readouterr().out
    assert "Oldest due ready mail waits: 72" in out
    assert "Inbound mails held for first line: 1" in out
