"""500 affected people, one update, a real Celery worker SIGKILLed mid-way: 500 mails, once each.

Real parts: the configured broker, ``celery worker`` processes and an SMTP
server on loopback; mails are counted by recipient at the SMTP server. The
sweeper (what beat runs every minute) picks up the killed fan-out.
"""

import os
import signal
import time
from collections import Counter

import pytest
from django.db import transaction

from notifications.models import OutboxMail
from notifications.testing import purge_queue
from servicedesk.testing.processes import celery_worker
from servicedesk.testing.smtp import SmtpSink
from servicestatus import services
from servicestatus.models import AffectedPerson, UpdateDelivery
from tickets import clock

pytestmark = [
    pytest.mark.django_db(transaction=True),
    # UNFINISHED (issue 24 item 4): the kill lands mid-way (200 of 500 queued)
    # and the second worker's swept fan-out queues the other 300 (its log says
    # "succeeded: 300"), but sending all 500 through one solo worker into the
    # sink took longer than the 60-120 s waited on the shared 2-core machine;
    # not yet confirmed that the count is exactly 500, so the test does not run.
    pytest.mark.skip(reason="unfinished: sending 500 took over 120 s here; see comment"),
]

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
    AffectedPerson.objects.bulk_create(
        AffectedPerson(
            incident=incident,
            email=f"student{n:03d}@student.example.org",
            language="en",
            created_at=clock.now(),
        )
        for n in range(PEOPLE)
    )
    # the incident's first update was fanned out (to nobody) without a worker
    for update in incident.updates.all():
        services.update_fan_out(update_id=update.pk)
    with SmtpSink() as sink:
        env = {"EMAIL_URL": sink.email_url}
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
                lambda: (
                    UpdateDelivery.objects.filter(update=update).count() == PEOPLE
                    and not OutboxMail.objects.filter(
                        event__in=["incident_update", "incident_update_request"]
                    )
                    .exclude(status=OutboxMail.Status.SENT)
                    .exists()
                ),
                timeout=60,
                message=(
                    "not all update mails were sent: "
                    f"{UpdateDelivery.objects.filter(update=update).count()} deliveries, "
                    f"{Counter(OutboxMail.objects.values_list('status', flat=True))}, "
                    f"{len(sink.messages)} at SMTP"
                ),
            )
        received = Counter(
            message["To"] for message in sink.messages if "News from the desk." in str(message)
        )
    assert len(received) == PEOPLE
    assert max(received.values()) == 1
