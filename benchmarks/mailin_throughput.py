"""Mails per second read from a local Dovecot into requests by one Celery worker.

Usage (from the project root, with the database and broker of your shell)::

    DJANGO_SETTINGS_MODULE=servicedesk.settings.test \\
        .venv/bin/python benchmarks/mailin_throughput.py 1000 [--kill 2]

Starts a private Dovecot (core/testing/imap.py), puts N new mails in
its INBOX by IMAP APPEND (N different senders, each a new request: the
heaviest path, filing plus a confirmation mail), starts one worker process
(solo pool, as in the tests) pointed at the mailbox and at an SMTP sink, and
measures from the first poll until every message is committed and marked
processed on the server. The worker's start-up is measured separately and
left out. The confirmation mails are delivered by the same worker meanwhile.

``--kill K``: SIGKILL the worker K times mid-poll (at even shares of N),
start a fresh one and poll again, as beat would; the check at the end says
whether every mail still became exactly one request.
"""

import argparse
import os
import signal
import sys
import time
import uuid
from contextlib import ExitStack
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "servicedesk.settings.test")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db.models import Count  # noqa: E402

from core.testing.broker import purge_queue  # noqa: E402
from core.testing.imap import dovecot_server  # noqa: E402
from core.testing.processes import celery_worker  # noqa: E402
from core.testing.smtp import SmtpSink  # noqa: E402
from mailin.models import InboundMessage  # noqa: E402
from mailin.tasks import poll_mailbox  # noqa: E402
from mailin.tests.mails import new_mail  # noqa: E402
from tickets.models import Category, Desk, Ticket  # noqa: E402


def main(count: int, kills: int = 0) -> None:
    call_command("migrate", verbosity=0)
    purge_queue()
    desk, _ = Desk.objects.get_or_create(
        slug="mail-bench", defaults={"name_nl": "Mailbank", "name_en": "Mail bench"}
    )
    Category.objects.get_or_create(
        slug="mail-bench",
        defaults={"name_nl": "Mail", "name_en": "Mail", "default_desk": desk},
    )
    run = uuid.uuid4().hex[:8]
    ids = [f"<bench-{run}-{n}@mail.example.net>" for n in range(count)]
    with dovecot_server() as dovecot, SmtpSink() as sink:
        started = time.perf_counter()
        dovecot.append(
            *(
                new_mail(
                    sender=f"bench-{run}-{n}@example.net",
                    subject=f"Benchmark {n}",
                    message_id=message_id,
                )
                for n, message_id in enumerate(ids)
            )
        )
        appended = time.perf_counter() - started
        env = {
            "EMAIL_URL": sink.email_url,
            "INBOUND_IMAP_URL": dovecot.url,
            "INBOUND_CATEGORY": "mail-bench",
            "INBOUND_SENDER_RATE_LIMIT": "100000",
        }
        done = InboundMessage.objects.filter(message_id__in=ids)
        kill_at = [count * (k + 1) // (kills + 1) for k in range(kills)]
        restarts = 0.0
        with ExitStack() as stack:
            worker = stack.enter_context(celery_worker(extra_env=env))
            launched = time.perf_counter()
            poll_mailbox.delay()
            # The clock starts at the first committed mail: the worker's start-up is left out.
            while not done.exists():
                time.sleep(0.05)
            first_poll = time.perf_counter()
            while done.count() < count or dovecot.unprocessed() > 0:
                if time.perf_counter() - first_poll > max(180.0, count / 2):
                    raise SystemExit(f"timeout: {done.count()} of {count} processed")
                if kill_at and done.count() >= kill_at[0]:
                    kill_at.pop(0)
                    os.kill(worker.pid, signal.SIGKILL)
                    worker.wait(timeout=10)
                    stopped = time.perf_counter()
                    worker = stack.enter_context(celery_worker(extra_env=env))
                    poll_mailbox.delay()  # as beat would
                    before = done.count()
                    while done.count() == before and dovecot.unprocessed() > 0:
                        time.sleep(0.05)
                    restarts += time.perf_counter() - stopped
                    continue
                time.sleep(0.2)
            finished = time.perf_counter()
    requests = Ticket.objects.filter(requester_email__startswith=f"bench-{run}-")
    per_sender = requests.values("requester_email").annotate(n=Count("id"))
    exactly_once = requests.count() == count and all(row["n"] == 1 for row in per_sender)
    processed = done.filter(status=InboundMessage.Status.PROCESSED).count()
    elapsed = finished - first_poll - restarts
    print(f"mails: {count}, processed once each: {processed == count == done.count()}")
    print(f"worker killed {kills} time(s) mid-poll; one request per mail: {exactly_once}")
    print(f"APPEND of {count} into Dovecot: {appended:.1f} s")
    print(f"worker start-up: {first_poll - launched:.1f} s (not counted)")
    print(
        f"poll: {elapsed:.1f} s -> {(count - 1) / elapsed:.1f} mails/s into requests "
        "(one worker, solo pool, confirmation mails delivered meanwhile; "
        f"{restarts:.1f} s of worker restarts not counted)"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("count", type=int, nargs="?", default=1000)
    parser.add_argument("--kill", type=int, default=0, help="kill the worker this often")
    arguments = parser.parse_args()
    main(arguments.count, arguments.kill)
