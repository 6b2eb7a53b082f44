"""A storm on the status page: 2,000 guests say "affected too", then one update reaches them all.

Usage (from the repository root; DATABASE_URL a PostgreSQL database you may
fill, REDIS_URL a Redis db you may use)::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sd_bench REDIS_URL=redis://127.0.0.1:6379/9 \\
        .venv/bin/python benchmarks/status_storm.py [--people 2000] [--clients 20] \\
        [--seconds 15] [--connections 16] [--web-workers 4] [--celery-workers 2]

One gunicorn master (sync workers, ``servicedesk.settings.production`` as
``production_server.serve`` starts it) serves an open eduroam incident.
``--clients`` threads, each its own browser (its own CSRF cookie), post
"I am affected too" for ``--people`` distinct guest addresses from
loopback; the per-client-address limit is lifted for the run with
``SERVICESTATUS_AFFECTED_PER_ADDRESS`` (every client is 127.0.0.1), the
per-email limit stays. Meanwhile wrk reads ``/status/`` for ``--seconds``.
Then one update is posted; ``--celery-workers`` worker processes (production
settings, solo pool) fan it out and deliver the outbox to an SMTP sink on
loopback, while wrk reads ``/status/`` again. Printed: submissions per
second, mails queued per second (outbox rows with their delivery rows,
from the update's commit until all are queued), mails delivered per second
(until the sink holds one per person), and the status page's p50/p99 under
both loads. Each run opens its own incident and addresses; earlier runs'
incidents are closed first, without mail.
"""

import argparse
import logging
import os
import re
import sys
import threading
import time
import uuid
from collections import Counter
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "servicedesk.settings.local")
os.environ["DEBUG"] = "0"

import django  # noqa: E402

django.setup()

import httpx  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from production_server import (  # noqa: E402
    check_page,
    collect_static,
    production_env,
    serve,
    wrk_run,
)

from accounts.models import User  # noqa: E402
from core import clock  # noqa: E402
from core.testing.broker import purge_queue  # noqa: E402
from core.testing.processes import celery_worker  # noqa: E402
from core.testing.smtp import SmtpSink  # noqa: E402
from servicedesk.tasks import worker_heartbeat  # noqa: E402
from servicestatus import selectors, services  # noqa: E402
from servicestatus.models import Incident, Service, UpdateDelivery  # noqa: E402
from tickets.models import Category, Desk  # noqa: E402

logging.getLogger("httpx").setLevel(logging.WARNING)  # one line per request otherwise
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
UPDATE_TEXT = "Storm benchmark update"


def open_incident() -> Incident:
    """A fresh open incident on the benchmark's eduroam, opened by a benchmark agent."""
    desk, _ = Desk.objects.get_or_create(
        slug="bench-desk", defaults={"name_nl": "Benchmarkloket", "name_en": "Benchmark desk"}
    )
    category, _ = Category.objects.get_or_create(
        slug="bench-wifi",
        defaults={
            "name_nl": "Wifi (benchmark)",
            "name_en": "Wi-Fi (benchmark)",
            "default_desk": desk,
        },
    )
    service, _ = Service.objects.get_or_create(
        slug="bench-eduroam",
        defaults={"name_nl": "Eduroam (benchmark)", "name_en": "Eduroam (benchmark)", "desk": desk},
    )
    service.categories.add(category)
    # An earlier run's incident is closed without mail (not through the
    # service): its closing fan-out to thousands would load this run.
    Incident.objects.filter(services=service, resolved_at__isnull=True).update(
        resolved_at=clock.now()
    )
    selectors.board_invalidate()
    agent, _ = User.objects.get_or_create(
        username="bench-status-agent",
        defaults={"email": "bench-status-agent@bench.invalid", "kind": User.Kind.STAFF},
    )
    return services.incident_open(
        title_nl="Eduroam ligt plat (benchmark)",
        title_en="Eduroam is down (benchmark)",
        services=[service],
        acting_user=agent,
    )


def storm(port: int, reference: str, addresses: list[str], clients: int) -> tuple[float, Counter]:
    """Each client thread: one GET for its CSRF token, then its share of the POSTs."""
    base = f"http://127.0.0.1:{port}"
    answers: Counter = Counter()
    lock = threading.Lock()

    def client(share: list[str]) -> None:
        with httpx.Client(base_url=base, timeout=60, follow_redirects=False) as http:
            page = http.get("/status/")
            # The cookie is Secure (production); on plain loopback send it by hand.
            cookie = page.cookies["csrftoken"]
            token = TOKEN.search(page.text).group(1)
            for email in share:
                response = http.post(
                    f"/status/{reference}/affected/",
                    data={"csrfmiddlewaretoken": token, "email": email, "next": "/status/"},
                    headers={"Cookie": f"csrftoken={cookie}"},
                )
                with lock:
                    answers[response.status_code] += 1

    threads = [
        threading.Thread(target=client, args=(addresses[n::clients],)) for n in range(clients)
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started, answers


def wrk_in_background(port: int, seconds: int, connections: int) -> tuple[threading.Thread, dict]:
    """wrk on /status/ in a thread; its result lands in the returned dict."""
    result: dict = {}

    def run() -> None:
        result["wrk"] = wrk_run([port], "/status/", {}, connections=connections, seconds=seconds)

    thread = threading.Thread(target=run)
    thread.start()
    return thread, result


def wait(condition, *, timeout: float, what: str) -> float:
    """Poll ``condition`` until true; the moment it became true (perf_counter)."""
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError(what)
        time.sleep(0.05)
    return time.perf_counter()


def update_mails(sink: SmtpSink) -> Counter:
    return Counter(
        address.addr_spec.lower()
        for message in list(sink.messages)
        if UPDATE_TEXT in message.get_body(preferencelist=("plain",)).get_content()
        for address in message["To"].addresses
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, default=2000)
    parser.add_argument("--clients", type=int, default=20, help="concurrent storm clients")
    parser.add_argument("--seconds", type=int, default=15, help="wrk time per phase")
    parser.add_argument("--connections", type=int, default=16, help="wrk connections")
    parser.add_argument("--web-workers", type=int, default=4)
    parser.add_argument("--celery-workers", type=int, default=2)
    args = parser.parse_args()
    if connection.vendor != "postgresql" or not os.environ.get("REDIS_URL"):
        sys.exit("Point DATABASE_URL at PostgreSQL and REDIS_URL at Redis: a production setup.")

    call_command("migrate", verbosity=0)
    incident = open_incident()
    run = uuid.uuid4().hex[:8]
    addresses = [f"guest-{run}-{n:05d}@bench.invalid" for n in range(args.people)]
    static_root = ROOT / "data" / "bench-static"
    env = production_env(
        {
            "STATIC_ROOT": str(static_root),
            # Every storm client is 127.0.0.1: lift the per-address limit for the run.
            "SERVICESTATUS_AFFECTED_PER_ADDRESS": str(args.people * 2),
        }
    )
    collect_static(env)
    purge_queue()

    with ExitStack() as stack:
        masters = stack.enter_context(serve(masters=1, workers=args.web_workers, env=env))
        port = masters[0].port
        check_page(port, "/status/", {})
        sink = stack.enter_context(SmtpSink())
        for _ in range(args.celery_workers):
            stack.enter_context(
                celery_worker(extra_env=production_env({"EMAIL_URL": sink.email_url}))
            )
        worker_heartbeat.delay()

        print(
            f"gunicorn -w {args.web_workers} (sync), production settings; "
            f"{args.celery_workers} Celery worker(s) (solo); {args.clients} storm clients; "
            f"wrk -c {args.connections} on /status/ for {args.seconds}s per phase"
        )
        # --- Phase 1: the storm of "affected too", with wrk reading the page.
        reader, reading = wrk_in_background(port, args.seconds, args.connections)
        elapsed, answers = storm(port, incident.reference, addresses, args.clients)
        reader.join()
        linked = incident.affected.count()
        print(
            f"\naffected too: {args.people} posts in {elapsed:.1f} s "
            f"({args.people / elapsed:.0f}/s); answers {dict(answers)}; linked {linked}"
        )
        during_storm = reading["wrk"]
        print(
            f"/status/ during the storm: {during_storm.requests_per_second:.0f} req/s, "
            f"p50 {during_storm.p50_ms:.1f} ms, p99 {during_storm.p99_ms:.1f} ms, "
            f"errors {during_storm.errors}"
        )

        # --- Phase 2: one update to all of them, with wrk reading the page.
        reader, reading = wrk_in_background(port, args.seconds, args.connections)
        with transaction.atomic():
            update = services.incident_post_update(
                incident=incident,
                body_nl=f"{UPDATE_TEXT} (nl).",
                body_en=f"{UPDATE_TEXT}.",
                acting_user=incident.created_by,
            )
        committed = time.perf_counter()
        queued = wait(
            lambda: UpdateDelivery.objects.filter(update=update).count() >= linked,
            timeout=600,
            what="the fan-out did not queue every mail",
        )
        delivered = wait(
            lambda: len(update_mails(sink)) >= linked,
            timeout=1200,
            what="the SMTP sink did not get every mail",
        )
        reader.join()
        time.sleep(2)  # a mail sent twice would arrive now
        received = update_mails(sink)
        print(
            f"\nupdate to {linked}: queued in {queued - committed:.1f} s "
            f"({linked / (queued - committed):.0f} mails queued/s); delivered to the SMTP sink in "
            f"{delivered - committed:.1f} s ({linked / (delivered - committed):.0f} mails/s)"
        )
        print(
            f"each person exactly once: {set(received) == {a.lower() for a in addresses}} "
            f"and {set(received.values()) == {1}}"
        )
        during_fan_out = reading["wrk"]
        print(
            f"/status/ during the fan-out: {during_fan_out.requests_per_second:.0f} req/s, "
            f"p50 {during_fan_out.p50_ms:.1f} ms, p99 {during_fan_out.p99_ms:.1f} ms, "
            f"errors {during_fan_out.errors}"
        )


if __name__ == "__main__":
    main()
