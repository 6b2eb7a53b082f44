"""500 affected people, one update, a real Celery worker SIGKILLed mid-way: 500 mails, once each.

Real parts: the configured broker, ``celery worker`` processes and an SMTP
server on loopback. The sweeper (what beat runs every minute) picks up the
killed fan-out. What is counted is what the fan-out promises: one outbox mail
per affected address, and then what the SMTP server received: the update,
once, for every one of the 500.
"""

import os
import signal
import time
from collections import Counter
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from core import clock
from core.testing.broker import purge_queue
from core.testing.processes import celery_worker
from core.testing.smtp import SmtpSink
from notifications.models import OutboxMail
from notifications.services import outbox_sweep
from servicestatus import services
from servicestatus.models import AffectedPerson, UpdateDelivery

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

PEOPLE = 500


def wait_until(condition, *, timeout: float, message: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(message)
        time.sleep(0.05)


def test_500_affected_get_exactly_500_mails_per_update_with_a_worker_killed_mid_way(
    incident, agent_first_line
):
    purge_queue()
    # The incident's first update is fanned out (to nobody yet) before the 500
    # join: done after, it queued 500 deliveries of its own ahead of the
    # update under test, which is what once made this test time out on the
    # embedded broker (one solo worker sending 500 other mails first).
    for update in incident.updates.all():
        services.update_fan_out(update_id=update.pk)
    AffectedPerson.objects.bulk_create(
        AffectedPerson(
            incident=incident,
            email=f"student{n:03d}@student.example.org",
            language="en",
            created_at=clock.now(),
        )
        for n in range(PEOPLE)
    )
    with SmtpSink() as sink:
        # Small batches, so the kill lands between two committed ones.
        env = {"EMAIL_URL": sink.email_url, "SERVICESTATUS_FAN_OUT_BATCH": "20"}
        with celery_worker(extra_env=env) as worker:
            with transaction.atomic():
                update = services.incident_post_update(
                    incident=incident,
                    body_nl="Nieuws.",
                    body_en="News from the desk.",
                    acting_user=agent_first_line,
                )
            wait_until(
                lambda: UpdateDelivery.objects.filter(update=update).exists(),
                timeout=60,
                message="the worker never started the fan-out",
            )
            os.kill(worker.pid, signal.SIGKILL)
            worker.wait(timeout=10)
        at_kill = UpdateDelivery.objects.filter(update=update).count()
        assert 0 < at_kill < PEOPLE, f"not killed mid-way ({at_kill} queued)"

        with celery_worker(extra_env=env):
            assert services.updates_sweep(grace_seconds=0) >= 1  # what beat does each minute
            wait_until(
                lambda: UpdateDelivery.objects.filter(update=update).count() == PEOPLE,
                timeout=90,
                message="the swept fan-out did not reach everyone",
            )
            # The kill may land between a batch's commit and the queueing of
            # its mails: those wait as outbox rows for the outbox sweeper
            # (beat, every minute, for mails due longer than the grace).
            later = timezone.now() + timedelta(seconds=settings.NOTIFICATIONS_SWEEP_GRACE + 1)
            outbox_sweep(now=later)
            # Then every outbox mail leaves the worker for the SMTP server.
            wait_until(
                lambda: len(delivered(sink)) == PEOPLE,
                timeout=300,  # one solo worker sends a few per second on SQLite
                message="not every affected address got the update at the SMTP server",
            )
            time.sleep(1)  # a mail sent twice would arrive now
        mails = OutboxMail.objects.filter(event="incident_update", body_text__contains="News from")
        recipients = Counter(mails.values_list("recipient_email", flat=True))
        received = delivered(sink)
    assert len(recipients) == PEOPLE and max(recipients.values()) == 1
    # Everyone received the update, and nobody twice.
    assert set(received) == {f"student{n:03d}@student.example.org" for n in range(PEOPLE)}
    assert set(received.values()) == {1}


def delivered(sink: SmtpSink) -> Counter:
    """Messages carrying the update that the SMTP server accepted, per recipient."""
    return Counter(
        address.addr_spec
        for message in list(sink.messages)
        if "News from the desk." in message.get_body(preferencelist=("plain",)).get_content()
        for address in message["To"].addresses
    )
