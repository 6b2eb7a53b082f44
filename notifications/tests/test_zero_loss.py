"""Every mail arrives exactly once, whatever breaks.

Real parts only: the configured broker (Redis, or the filesystem broker in
the embedded pass), ``celery worker`` processes, an SMTP server on loopback,
and for the broker outage a private ``redis-server`` that is stopped.
Delivery is counted by Message-ID at the SMTP server.
"""

import os
import signal
import uuid
from collections import Counter
from contextlib import ExitStack
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from accounts.tests.factories import StudentFactory
from core.testing.http import post_form
from core.testing.processes import (
    celery_worker,
    outbox_swept_after_broker_outage,
    redis_server,
    wait_until,
    web_process,
)
from notifications.models import OutboxMail
from notifications.services import notify, outbox_sweep

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

Status = OutboxMail.Status


def queue(count: int, *, prefix: str) -> list[OutboxMail]:
    with transaction.atomic():
        return [
            notify(event="mail_test", recipient_email=f"{prefix}{n}@example.org", context={})
            for n in range(count)
        ]


def count_by_status() -> dict[str, int]:
    return dict(Counter(OutboxMail.objects.values_list("status", flat=True)))


def test_a_thousand_notifications_are_each_delivered_exactly_once(smtp_sink, empty_queue):
    mails = queue(1000, prefix="student")
    with celery_worker(extra_env={"EMAIL_URL": smtp_sink.email_url}):
        wait_until(
            lambda: not OutboxMail.objects.exclude(status=Status.SENT).exists(),
            timeout=240,
            message=f"not all sent: {count_by_status()}",
        )
    received = Counter(smtp_sink.message_ids())
    assert len(received) == 1000
    assert set(received) == {mail.message_id for mail in mails}
    assert max(received.values()) == 1
    assert set(OutboxMail.objects.values_list("attempts", flat=True)) == {1}


def test_smtp_down_while_200_are_queued_then_back_all_arrive_once(smtp_sink, empty_queue):
    smtp_sink.stop()
    retry_env = {
        "EMAIL_URL": smtp_sink.email_url,
        "NOTIFICATIONS_RETRY_BASE_DELAY": "0.5",
        "NOTIFICATIONS_RETRY_MAX_DELAY": "2",
        "NOTIFICATIONS_MAX_ATTEMPTS": "100",
    }
    with celery_worker(extra_env=retry_env):
        mails = queue(200, prefix="queued")
        # Every mail has been tried and refused at least once while SMTP was down.
        wait_until(
            lambda: not OutboxMail.objects.filter(attempts=0).exists(),
            timeout=120,
            message="not every mail was tried while SMTP was down",
        )
        assert not OutboxMail.objects.filter(status=Status.SENT).exists()
        assert smtp_sink.messages == []
        assert "ConnectionRefused" in OutboxMail.objects.first().last_error

        smtp_sink.start()
        wait_until(
            lambda: not OutboxMail.objects.exclude(status=Status.SENT).exists(),
            timeout=120,
            message=f"not all sent after SMTP came back: {count_by_status()}",
        )
    received = Counter(smtp_sink.message_ids())
    assert set(received) == {mail.message_id for mail in mails}
    assert sum(received.values()) == 200
    assert OutboxMail.objects.filter(attempts__gt=1).count() == 200


@pytest.fixture
def web_server():
    """Start ``runserver`` processes with the environment a test gives them."""
    with ExitStack() as stack:
        yield lambda extra_env: stack.enter_context(web_process(extra_env=extra_env))


def test_broker_down_when_the_user_asks_for_a_reset_then_the_sweeper_delivers(
    smtp_sink, web_server
):
    student = StudentFactory(email=f"reset-{uuid.uuid4().hex[:8]}@example.org")
    with redis_server() as port:
        broker = f"redis://127.0.0.1:{port}/0"
    # The private Redis is stopped: nothing listens on the port any more.
    site = web_server({"CELERY_BROKER_URL": broker})
    response = post_form(site, "/accounts/password/reset/", {"email": student.email})
    assert response.status == 200
    assert response.url.endswith("/accounts/password/reset/done/")  # the user sees success
    mail = OutboxMail.objects.get(user=student)
    assert mail.status == Status.READY

    # The broker is back. Beat would send the sweep job; ``celery call`` does
    # the same by hand, and the worker runs the sweeper (no grace period here).
    worker_env = {
        "EMAIL_URL": smtp_sink.email_url,
        "CELERY_BROKER_URL": broker,
        "NOTIFICATIONS_SWEEP_GRACE": "0",
    }
    with outbox_swept_after_broker_outage(port=port, worker_env=worker_env):
        wait_until(
            lambda: OutboxMail.objects.filter(pk=mail.pk, status=Status.SENT).exists(),
            timeout=30,
            message="the sweeper did not get the mail delivered",
        )
    assert smtp_sink.message_ids() == [mail.message_id]
    assert smtp_sink.envelopes[0][1] == [student.email]


def test_a_worker_killed_mid_delivery_still_delivers_the_mail_once(
    smtp_sink, empty_queue, settings
):
    smtp_sink.release.clear()  # hold the first mail in the DATA phase
    env = {"EMAIL_URL": smtp_sink.email_url}
    with celery_worker(extra_env=env) as worker:
        (mail,) = queue(1, prefix="killed")
        assert smtp_sink.data_started.wait(timeout=30)
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(timeout=10)
    mail.refresh_from_db()
    assert mail.status == Status.SENDING  # claimed, never finished
    smtp_sink.release.set()
    assert smtp_sink.messages == []  # the server never acknowledged it

    with celery_worker(extra_env=env):
        later = timezone.now() + timedelta(seconds=settings.NOTIFICATIONS_SENDING_LEASE + 1)
        assert outbox_sweep(now=later) == 1
        wait_until(
            lambda: OutboxMail.objects.filter(pk=mail.pk, status=Status.SENT).exists(),
            timeout=30,
            message="the mail of the killed worker was not delivered",
        )
    assert smtp_sink.message_ids() == [mail.message_id]
    mail.refresh_from_db()
    assert mail.attempts == 2
