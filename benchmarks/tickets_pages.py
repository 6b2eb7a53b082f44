"""Seed N requests into PostgreSQL and time the hot request pages through a WSGI server.

Usage (from the repository root, with DATABASE_URL pointing at a PostgreSQL
database you may fill; migrations are applied first):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sd_bench \\
        .venv/bin/python benchmarks/tickets_pages.py 100000 [--samples 40]

Every request gets a public reply, an internal note and two audit rows. One
benchmark student owns a tenth of them (the worst case for My requests), the
rest belong to 200 other requesters; one first-line agent sees them all in the
admin changelist. The pages are served by a separate ``wsgiref`` server
process (DEBUG off) and fetched sequentially with a signed-in session cookie;
the script prints the median and the 95th percentile per page.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
import urllib.request
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "servicedesk.settings.local")
os.environ["DEBUG"] = "0"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts import roles  # noqa: E402
from accounts.models import User  # noqa: E402
from accounts.totp import user_install_totp  # noqa: E402
from tickets.models import (  # noqa: E402
    Category,
    Desk,
    Ticket,
    TicketCounter,
    TicketEvent,
    TicketMessage,
)

BATCH = 5000
YEAR = 2025  # a past year, so the seeded references never meet live ones
SERVER = """
import os, sys
sys.path.insert(0, {root!r})
os.environ["DJANGO_SETTINGS_MODULE"] = "servicedesk.settings.local"
os.environ["DEBUG"] = "0"
from wsgiref.simple_server import WSGIRequestHandler, make_server
from django.core.wsgi import get_wsgi_application
class Quiet(WSGIRequestHandler):
    def log_message(self, *args):
        pass
make_server("127.0.0.1", {port}, get_wsgi_application(), handler_class=Quiet).serve_forever()
"""


def user(username: str, **extra) -> User:
    obj, _ = User.objects.get_or_create(
        username=username, defaults={"email": f"{username}@bench.invalid", **extra}
    )
    return obj


BENCH_TOTP_SECRET = "KRSXG5CUN5ZHAU3FMNZGK5BTGQ2DQMBS"  # noqa: S105 (throwaway account)


def seed(count: int) -> tuple[User, User, str]:
    """Fill the tables with bulk_create; returns (student, agent, a reference to open)."""
    desk, _ = Desk.objects.get_or_create(
        slug="bench-desk", defaults={"name_nl": "Benchmarkloket", "name_en": "Benchmark desk"}
    )
    category, _ = Category.objects.get_or_create(
        slug="bench-category",
        defaults={"name_nl": "Benchmark", "name_en": "Benchmark", "default_desk": desk},
    )
    student = user("bench-student", first_name="Bench", kind=User.Kind.STUDENT)
    agent = user("bench-agent", first_name="Agent", kind=User.Kind.STAFF, is_staff=True)
    from django.contrib.auth.models import Group

    agent.groups.add(Group.objects.get(name=roles.FIRST_LINE_AGENT))
    # Staff without an authenticator app are sent to set one up instead of
    # the admin; measuring that page would say nothing about the changelist.
    user_install_totp(user=agent, secret=BENCH_TOTP_SECRET)
    desk.agents.add(agent)
    others = [user(f"bench-requester-{n}") for n in range(200)]

    existing = Ticket.objects.filter(desk=desk).count()
    start = time.monotonic()
    now = timezone.now()
    for offset in range(existing, count, BATCH):
        size = min(BATCH, count - offset)
        with transaction.atomic():
            tickets = []
            for i in range(offset, offset + size):
                owner = student if i % 10 == 0 else others[i % len(others)]
                moment = now - timedelta(minutes=count - i)
                tickets.append(
                    Ticket(
                        reference=f"SD-{YEAR}-{i + 1:06d}",
                        requester=owner,
                        requester_name=owner.username,
                        requester_email=owner.email,
                        category=category,
                        desk=desk,
                        subject=f"Benchmark request {i}",
                        description="Seeded for the page benchmark.",
                        impact=1 + i % 3,
                        urgency=1 + (i // 3) % 3,
                        priority=1 + i % 4,
                        status=("new", "in_progress", "waiting", "resolved", "closed")[i % 5],
                        created_at=moment,
                        updated_at=moment,
                        resolution_due_at=moment + timedelta(hours=8),
                        response_due_at=moment + timedelta(hours=2),
                    )
                )
            Ticket.objects.bulk_create(tickets)
            messages, events = [], []
            for ticket in tickets:
                messages += [
                    TicketMessage(ticket=ticket, author=agent, author_name="Agent",
                                  is_staff_reply=True, kind="public",
                                  body="We are looking into it.", created_at=ticket.created_at),
                    TicketMessage(ticket=ticket, author=agent, author_name="Agent",
                                  is_staff_reply=True, kind="internal",
                                  body="Checked the logs.", created_at=ticket.created_at),
                ]  # fmt: skip
                events += [
                    TicketEvent(ticket=ticket, type="filed", created_at=ticket.created_at,
                                data={"new": {"status": "new"}}),
                    TicketEvent(ticket=ticket, type="status_changed", acting_user=agent,
                                created_at=ticket.created_at,
                                data={"old": "new", "new": ticket.status}),
                ]  # fmt: skip
            TicketMessage.objects.bulk_create(messages)
            TicketEvent.objects.bulk_create(events)
        print(f"  seeded {offset + size:>8} requests ({time.monotonic() - start:.0f}s)", flush=True)
    TicketCounter.objects.update_or_create(year=YEAR, defaults={"last_number": count})
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    reference = (
        Ticket.objects.filter(requester=student)
        .order_by("-updated_at")
        .values_list("reference", flat=True)[0]
    )
    return student, agent, reference


def session_cookie(user_obj: User) -> str:
    client = Client()
    client.force_login(user_obj)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def measure(port: int, path: str, cookie: str, samples: int) -> tuple[float, float, int]:
    url = f"http://127.0.0.1:{port}{path}"
    times = []
    size = 0
    for n in range(samples + 3):
        request = urllib.request.Request(url, headers={"Cookie": cookie})
        started = time.perf_counter()
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 (loopback)
            body = response.read()
            assert response.status == 200, (path, response.status)
            # urllib follows redirects: a login or set-up page must not pass for the page.
            assert response.geturl() == url, (path, response.geturl())
        if n >= 3:  # the first few warm caches and connections
            times.append((time.perf_counter() - started) * 1000)
            size = len(body)
    p95 = statistics.quantiles(times, n=20)[-1]
    return statistics.median(times), p95, size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("count", type=int, help="number of requests to seed")
    parser.add_argument("--samples", type=int, default=40, help="timed fetches per page")
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Point DATABASE_URL at PostgreSQL; this benchmark is for the real database.")

    call_command("migrate", verbosity=0)
    # DEBUG is off, so pages need the hashed static manifest, as in production.
    call_command("collectstatic", interactive=False, verbosity=0)
    print(f"Seeding {args.count} requests into {connection.settings_dict['NAME']} ...")
    student, agent, reference = seed(args.count)
    student_cookie, agent_cookie = session_cookie(student), session_cookie(agent)
    server = subprocess.Popen(
        [sys.executable, "-c", SERVER.format(root=str(ROOT), port=args.port)], cwd=ROOT
    )
    try:
        from core.testing.processes import wait_for_port

        wait_for_port(args.port, timeout=30)
        pages = [
            ("My requests", "/requests/?state=all", student_cookie),
            ("My requests, search", "/requests/?state=all&q=request", student_cookie),
            ("Request detail", f"/requests/{reference}/", student_cookie),
            ("Admin changelist", "/admin/tickets/ticket/", agent_cookie),
            ("Admin changelist, status filter", "/admin/tickets/ticket/?status__exact=new",
             agent_cookie),
            ("Admin search by reference", f"/admin/tickets/ticket/?q={reference}", agent_cookie),
        ]  # fmt: skip
        print(f"\n{'page':<34} {'median ms':>10} {'p95 ms':>10} {'bytes':>8}")
        for name, path, cookie in pages:
            median, p95, size = measure(args.port, path, cookie, args.samples)
            print(f"{name:<34} {median:>10.1f} {p95:>10.1f} {size:>8}")
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
