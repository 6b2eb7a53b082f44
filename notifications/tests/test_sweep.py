"""outbox_sweep(): mails that should have left are enqueued again, nothing else.

Rows here are written inside the test's transaction, so their own on-commit
enqueue never runs: exactly the situation of a broker that was down.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from core.testing.broker import queued_messages
from notifications.models import OutboxMail
from notifications.services import notify, outbox_mail_claim, outbox_sweep

pytestmark = pytest.mark.django_db

Status = OutboxMail.Status


@pytest.fixture(autouse=True)
def sweep_settings(settings, empty_queue):
    settings.NOTIFICATIONS_SWEEP_GRACE = 120
    settings.NOTIFICATIONS_SENDING_LEASE = 300
    settings.NOTIFICATIONS_SWEEP_BATCH = 500


def queue_mail() -> OutboxMail:
    return notify(event="mail_test", recipient_email="sam@example.org", context={})


def test_a_fresh_ready_mail_is_left_to_its_own_task():
    queue_mail()
    assert outbox_sweep() == 0
    assert queued_messages() == 0


def test_a_ready_mail_past_the_grace_period_is_enqueued_again():
    mail = queue_mail()
    later = timezone.now() + timedelta(seconds=121)
    assert outbox_sweep(now=later) == 1
    assert queued_messages() == 1
    mail.refresh_from_db()
    assert mail.status == Status.READY


def test_a_mail_waiting_for_its_backoff_is_not_hurried():
    mail = queue_mail()
    OutboxMail.objects.filter(pk=mail.pk).update(
        next_attempt_at=timezone.now() + timedelta(minutes=30)
    )
    assert outbox_sweep(now=timezone.now() + timedelta(minutes=10)) == 0
    assert outbox_sweep(now=timezone.now() + timedelta(minutes=33)) == 1


def test_a_mail_stuck_in_sending_past_the_lease_is_released_and_enqueued():
    mail = queue_mail()
    assert outbox_mail_claim(mail_id=mail.pk)
    assert outbox_sweep(now=timezone.now() + timedelta(seconds=200)) == 0
    mail.refresh_from_db()
    assert mail.status == Status.SENDING

    assert outbox_sweep(now=timezone.now() + timedelta(seconds=301)) == 1
    mail.refresh_from_db()
    assert (mail.status, mail.attempts) == (Status.READY, 1)
    assert queued_messages() == 1


@pytest.mark.parametrize("status", [Status.SENT, Status.FAILED, Status.CANCELLED])
def test_finished_mails_are_never_swept(status):
    mail = queue_mail()
    OutboxMail.objects.filter(pk=mail.pk).update(status=status, sent_at=timezone.now())
    assert outbox_sweep(now=timezone.now() + timedelta(days=1)) == 0
    assert queued_messages() == 0


def test_one_sweep_enqueues_at_most_a_batch(settings):
    settings.NOTIFICATIONS_SWEEP_BATCH = 3
    for _ in range(5):
        queue_mail()
    later = timezone.now() + timedelta(hours=1)
    assert outbox_sweep(now=later) == 3
    assert queued_messages() == 3


def test_the_sweeper_runs_on_the_beat_schedule(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["notifications-sweep-outbox"]
    assert entry["task"] == "notifications.sweep_outbox"
    assert entry["schedule"] == settings.NOTIFICATIONS_SWEEP_INTERVAL
