"""Resend and cancel: the two things staff may do to a mail, each audited."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.testing.broker import drain_queued_tasks
from notifications.models import OutboxMail, OutboxMailEvent
from notifications.services import (
    notify,
    outbox_mail_cancel,
    outbox_mail_deliver,
    outbox_mail_resend,
)
from notifications.tasks import deliver_outbox_mail

pytestmark = pytest.mark.django_db

Status = OutboxMail.Status


def failed_mail() -> OutboxMail:
    mail = notify(event="mail_test", recipient_email="sam@example.org", context={})
    OutboxMail.objects.filter(pk=mail.pk).update(
        status=Status.FAILED, attempts=8, last_error="SMTPServerDisconnected"
    )
    mail.refresh_from_db()
    return mail


def test_resending_a_failed_mail_gives_it_fresh_attempts_and_enqueues_it(
    agent_first_line, django_capture_on_commit_callbacks, smtp_backend, empty_queue
):
    mail = failed_mail()
    with django_capture_on_commit_callbacks() as callbacks:
        outbox_mail_resend(mail=mail, acting_user=agent_first_line)
    assert (mail.status, mail.attempts, mail.last_error) == (Status.READY, 0, "")
    assert len(callbacks) == 1
    callbacks[0]()  # what the commit runs
    assert drain_queued_tasks() == [(deliver_outbox_mail.name, [mail.pk])]
    event = OutboxMailEvent.objects.get(mail=mail)
    assert (event.type, event.acting_user, event.data) == (
        "resent",
        agent_first_line,
        {"old": "failed", "new": "ready"},
    )
    assert outbox_mail_deliver(mail_id=mail.pk) is True
    assert smtp_backend.wait_for(1) == [mail.message_id]  # the same Message-ID


def test_a_sent_mail_cannot_be_resent_or_cancelled(agent_first_line):
    mail = notify(event="mail_test", recipient_email="sam@example.org", context={})
    OutboxMail.objects.filter(pk=mail.pk).update(status=Status.SENT, sent_at=timezone.now())
    mail.refresh_from_db()
    with pytest.raises(ValidationError):
        outbox_mail_resend(mail=mail, acting_user=agent_first_line)
    with pytest.raises(ValidationError):
        outbox_mail_cancel(mail=mail, acting_user=agent_first_line)
    assert not OutboxMailEvent.objects.exists()


def test_a_cancelled_mail_is_not_sent_even_when_its_task_runs(agent_first_line, smtp_backend):
    mail = notify(event="mail_test", recipient_email="sam@example.org", context={})
    outbox_mail_cancel(mail=mail, acting_user=agent_first_line)
    assert mail.status == Status.CANCELLED
    assert outbox_mail_deliver(mail_id=mail.pk) is False
    assert smtp_backend.messages == []
    assert OutboxMailEvent.objects.get(mail=mail).type == "cancelled"
