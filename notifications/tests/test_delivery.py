"""outbox_mail_deliver(): claim once, send once, defer or fail honestly."""

import pytest

from notifications.models import OutboxMail
from notifications.services import (
    DeliveryDeferred,
    DeliveryFailed,
    notify,
    outbox_mail_deliver,
    outbox_mail_mark_failed,
)

pytestmark = pytest.mark.django_db

Status = OutboxMail.Status


def queue_mail(**kwargs) -> OutboxMail:
    defaults = {"event": "mail_test", "recipient_email": "sam@example.org", "context": {}}
    return notify(**(defaults | kwargs))


def test_delivering_the_same_row_twice_mails_it_once(smtp_backend):
    mail = queue_mail()
    assert outbox_mail_deliver(mail_id=mail.pk) is True
    assert outbox_mail_deliver(mail_id=mail.pk) is False
    assert smtp_backend.wait_for(1) == [mail.message_id]
    mail.refresh_from_db()
    assert (mail.status, mail.attempts) == (Status.SENT, 1)
    assert mail.sent_at is not None


def test_smtp_down_defers_the_row_with_its_error_and_a_later_attempt(smtp_backend, settings):
    settings.NOTIFICATIONS_RETRY_BASE_DELAY = 10
    mail = queue_mail()
    smtp_backend.stop()
    with pytest.raises(DeliveryDeferred) as deferred:
        outbox_mail_deliver(mail_id=mail.pk)
    assert deferred.value.retry_in == 10
    mail.refresh_from_db()
    assert (mail.status, mail.attempts) == (Status.READY, 1)
    assert "ConnectionRefused" in mail.last_error
    assert mail.next_attempt_at > mail.updated_at

    smtp_backend.start()
    assert outbox_mail_deliver(mail_id=mail.pk) is True
    mail.refresh_from_db()
    assert (mail.status, mail.attempts, mail.last_error) == (Status.SENT, 2, "")
    assert smtp_backend.wait_for(1) == [mail.message_id]


def test_backoff_doubles_per_attempt_up_to_the_cap(smtp_backend, settings):
    settings.NOTIFICATIONS_RETRY_BASE_DELAY = 1
    settings.NOTIFICATIONS_RETRY_MAX_DELAY = 5
    settings.NOTIFICATIONS_MAX_ATTEMPTS = 10
    mail = queue_mail()
    smtp_backend.stop()
    delays = []
    for _attempt in range(5):
        with pytest.raises(DeliveryDeferred) as deferred:
            outbox_mail_deliver(mail_id=mail.pk)
        delays.append(deferred.value.retry_in)
    assert delays == [1, 2, 4, 5, 5]


def test_the_last_attempt_raises_failed_and_the_row_is_marked_failed(smtp_backend, settings):
    settings.NOTIFICATIONS_MAX_ATTEMPTS = 2
    mail = queue_mail()
    smtp_backend.stop()
    with pytest.raises(DeliveryDeferred):
        outbox_mail_deliver(mail_id=mail.pk)
    with pytest.raises(DeliveryFailed) as failed:
        outbox_mail_deliver(mail_id=mail.pk)
    # The task's on_failure hook does this with the exception it got.
    assert outbox_mail_mark_failed(mail_id=mail.pk, error=str(failed.value)) is True
    mail.refresh_from_db()
    assert (mail.status, mail.attempts) == (Status.FAILED, 2)
    assert "gave up after 2 attempts" in mail.last_error
    assert outbox_mail_deliver(mail_id=mail.pk) is False


def test_a_sent_mail_is_never_marked_failed(smtp_backend):
    mail = queue_mail()
    outbox_mail_deliver(mail_id=mail.pk)
    assert outbox_mail_mark_failed(mail_id=mail.pk, error="late failure") is False
    mail.refresh_from_db()
    assert mail.status == Status.SENT


def test_a_refused_recipient_fails_at_once_without_retries(smtp_backend):
    smtp_backend.refused.add("gone@example.org")
    mail = queue_mail(recipient_email="gone@example.org")
    with pytest.raises(DeliveryFailed, match="550"):
        outbox_mail_deliver(mail_id=mail.pk)
    mail.refresh_from_db()
    assert (mail.status, mail.attempts) == (Status.SENDING, 1)  # on_failure marks it failed
    assert smtp_backend.messages == []


def test_a_connection_the_server_dropped_is_replaced_within_the_same_attempt(smtp_backend):
    first, second = queue_mail(), queue_mail()
    assert outbox_mail_deliver(mail_id=first.pk) is True
    smtp_backend.stop()  # drops the connection the sender keeps open
    smtp_backend.start()
    assert outbox_mail_deliver(mail_id=second.pk) is True
    second.refresh_from_db()
    assert (second.status, second.attempts) == (Status.SENT, 1)
    assert smtp_backend.wait_for(2) == [first.message_id, second.message_id]


def test_changed_mail_settings_are_followed_at_once(smtp_backend, settings, mailoutbox):
    first, second = queue_mail(), queue_mail()
    assert outbox_mail_deliver(mail_id=first.pk) is True
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert outbox_mail_deliver(mail_id=second.pk) is True
    assert smtp_backend.wait_for(1) == [first.message_id]
    assert [m.extra_headers["Message-ID"] for m in mailoutbox] == [second.message_id]
