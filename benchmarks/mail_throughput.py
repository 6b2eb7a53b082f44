"""Mails per second through one Celery worker into a local SMTP sink.

Usage (from the project root, with the database and broker of your shell)::

    DJANGO_SETTINGS_MODULE=servicedesk.settings.test \\
        .venv/bin/python benchmarks/mail_throughput.py 1000

Queues N mails with ``notify()`` in one transaction, starts one worker
process (solo pool, as in the tests) pointed at an aiosmtpd sink on
loopback, and measures from the commit until the sink holds all N. The
worker's start-up time is measured separately and left out of the figure.
The rows it wrote are deleted afterwards.
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "servicedesk.settings.test")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402

from core.testing.broker import purge_queue  # noqa: E402
from core.testing.processes import celery_worker  # noqa: E402
from core.testing.smtp import SmtpSink  # noqa: E402
from notifications.models import OutboxMail  # noqa: E402
from notifications.services import notify  # noqa: E402
from servicedesk.tasks import worker_heartbeat  # noqa: E402

EVENT = "mail_test"


def main(count: int) -> None:
    call_command("migrate", verbosity=0)
    purge_queue()
    with SmtpSink() as sink, celery_worker(extra_env={"EMAIL_URL": sink.email_url}):
        # Wait until the worker takes jobs, so its start-up is not counted.
        started = time.perf_counter()
        worker_heartbeat.delay()
        warm_up = notify(event=EVENT, recipient_email="warm-up@example.org", context={})
        sink.wait_for(1, timeout=60)
        ready_after = time.perf_counter() - started

        queued_at = time.perf_counter()
        with transaction.atomic():
            mails = [
                notify(event=EVENT, recipient_email=f"bench{n}@example.org", context={"note": n})
                for n in range(count)
            ]
        committed_at = time.perf_counter()
        ids = sink.wait_for(count + 1, timeout=max(60.0, count / 5))
        done_at = time.perf_counter()

    delivered = len(set(ids) & {mail.message_id for mail in mails})
    OutboxMail.objects.filter(pk__in=[warm_up.pk, *(mail.pk for mail in mails)]).delete()
    elapsed = done_at - committed_at
    print(f"mails: {count}, delivered once each: {delivered == count == len(ids) - 1}")
    print(f"worker start-up: {ready_after:.1f} s (not counted)")
    print(f"queueing {count} with notify(): {committed_at - queued_at:.2f} s")
    print(f"delivery: {elapsed:.2f} s -> {count / elapsed:.1f} mails/s through one worker")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
