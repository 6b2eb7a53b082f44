"""Seed N requests into PostgreSQL and time the agent workspace through gunicorn.

Usage (from the repository root, with DATABASE_URL pointing at a PostgreSQL
database you may fill; migrations are applied first; seeding is resumable):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sd_bench \\
        .venv/bin/python benchmarks/agent_workspace.py 1000000 [--samples 30]

The requests are spread over 10 desks with a resolver group each; one
first-line agent works desk 0 (a tenth of the requests; a third of those are
theirs), one specialist is in desk 0's group, and one servicedesk lead sees
every desk (the worst case for "All open" and every count). Due times run
from 30 days ago to 30 days ahead, so "Breached" and "Due soon" are never
empty. Pages are served by gunicorn (``servicedesk.wsgi``, 2 sync workers,
DEBUG off, the hashed static manifest) and fetched one after another with a
signed-in session cookie; the script prints the median and the 95th
percentile per page.
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
from django.contrib.auth.models import Group  # noqa: E402
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
    ResolverGroup,
    Ticket,
    TicketCounter,
    TicketMessage,
)

BATCH = 5000
DESKS = 10
YEAR = 2024  # a past year of its own: seeded references never meet live or other benchmarks' ones
BENCH_TOTP_SECRET = "KRSXG5CUN5ZHAU3FMNZGK5BTGQ2DQMBS"  # noqa: S105 (throwaway accounts)
STATUSES = ("new", "in_progress", "waiting", "resolved", "closed")


def user(username: str, role: str | None = None, **extra) -> User:
    obj, _ = User.objects.get_or_create(
        username=username, defaults={"email": f"{username}@bench.invalid", **extra}
    )
    if role:
        obj.groups.add(Group.objects.get(name=role))
        # Staff without an authenticator are sent to set one up instead of the admin.
        user_install_totp(user=obj, secret=BENCH_TOTP_SECRET)
    return obj


def seed(count: int) -> dict:
    staff = {"is_staff": True, "kind": User.Kind.STAFF}
    agent = user("ws-agent", roles.FIRST_LINE_AGENT, first_name="Agent", **staff)
    specialist = user("ws-specialist", roles.SECOND_LINE_AGENT, first_name="Spec", **staff)
    lead = user("ws-lead", roles.SERVICEDESK_LEAD, first_name="Lead", **staff)
    desks, categories, groups = [], [], []
    for n in range(DESKS):
        desk, _ = Desk.objects.get_or_create(
            slug=f"ws-desk-{n}", defaults={"name_nl": f"Loket {n}", "name_en": f"Desk {n}"}
        )
        category, _ = Category.objects.get_or_create(
            slug=f"ws-category-{n}",
            defaults={
                "name_nl": f"Categorie {n}",
                "name_en": f"Category {n}",
                "default_desk": desk,
            },
        )
        group, _ = ResolverGroup.objects.get_or_create(
            slug=f"ws-group-{n}",
            defaults={"name_nl": f"Groep {n}", "name_en": f"Group {n}", "desk": desk},
        )
        desks.append(desk)
        categories.append(category)
        groups.append(group)
    desks[0].agents.add(agent)
    groups[0].members.add(specialist)
    requesters = [user(f"ws-requester-{n}") for n in range(200)]

    existing = Ticket.objects.filter(reference__startswith=f"SD-{YEAR}-").count()
    start = time.monotonic()
    now = timezone.now()
    for offset in range(existing, count, BATCH):
        size = min(BATCH, count - offset)
        with transaction.atomic():
            tickets = []
            for i in range(offset, offset + size):
                d = (i // 5) % DESKS  # every desk gets every status
                owner = requesters[i % len(requesters)]
                moment = now - timedelta(minutes=(count - i) % (60 * 24 * 60))
                second = i % 7 == 0
                tickets.append(
                    Ticket(
                        reference=f"SD-{YEAR}-{i + 1:07d}",
                        requester=owner,
                        requester_name=owner.username,
                        requester_email=owner.email,
                        category=categories[d],
                        desk=desks[d],
                        line="second" if second else "first",
                        resolver_group=groups[d] if second else None,
                        assignee=agent if d == 0 and i % 3 == 0 else None,
                        subject=f"Workspace benchmark request {i}",
                        description="Seeded for the agent workspace benchmark.",
                        impact=1 + i % 3,
                        urgency=1 + (i // 3) % 3,
                        priority=1 + i % 4,
                        status=STATUSES[i % 5],
                        created_at=moment,
                        updated_at=moment,
                        requester_replied_at=moment if i % 11 == 0 else None,
                        resolution_due_at=now + timedelta(minutes=(i * 37) % 86400 - 43200),
                        response_due_at=moment + timedelta(hours=2),
                    )
                )
            Ticket.objects.bulk_create(tickets)
            TicketMessage.objects.bulk_create(
                TicketMessage(ticket=t, author=agent, author_name="Agent", is_staff_reply=True,
                              kind="public", body="We are looking into it.",
                              created_at=t.created_at)
                for t in tickets
            )  # fmt: skip
        print(f"  seeded {offset + size:>8} requests ({time.monotonic() - start:.0f}s)", flush=True)
    TicketCounter.objects.update_or_create(year=YEAR, defaults={"last_number": count})
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    page_ticket = Ticket.objects.filter(desk=desks[0], status="in_progress").order_by(
        "-updated_at"
    )[0]
    return {"agent": agent, "specialist": specialist, "lead": lead, "ticket": page_ticket}


def session_cookie(user_obj: User) -> str:
    client = Client()
    client.force_login(user_obj)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def measure(port: int, path: str, cookie: str, samples: int) -> tuple[float, float, int]:
    url = f"http://127.0.0.1:{port}{path}"
    times, size = [], 0
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
    return statistics.median(times), statistics.quantiles(times, n=20)[-1], size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("count", type=int, help="number of requests to seed")
    parser.add_argument("--samples", type=int, default=30, help="timed fetches per page")
    parser.add_argument("--port", type=int, default=8766)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Point DATABASE_URL at PostgreSQL; this benchmark is for the real database.")

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    print(f"Seeding {args.count} requests into {connection.settings_dict['NAME']} ...")
    seeded = seed(args.count)
    agent, specialist, lead = (session_cookie(seeded[k]) for k in ("agent", "specialist", "lead"))
    ticket = seeded["ticket"]
    env = {**os.environ, "DEBUG": "0", "DJANGO_SETTINGS_MODULE": "servicedesk.settings.local"}
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "servicedesk.wsgi", "--workers", "2",
         "--bind", f"127.0.0.1:{args.port}", "--log-level", "warning"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    try:
        from core.testing.processes import wait_for_port

        wait_for_port(args.port, timeout=30)
        base = "/admin/tickets/ticket/"
        pages = [
            ("list, agent, default", base, agent),
            ("list, agent, New", f"{base}?view=new", agent),
            ("list, agent, Mine", f"{base}?view=mine", agent),
            ("list, agent, Breached", f"{base}?view=breached", agent),
            ("list, specialist, Escalated", f"{base}?view=escalated", specialist),
            ("list, lead, All open", f"{base}?view=all_open", lead),
            ("list, lead, Due soon", f"{base}?view=due_soon", lead),
            ("counts JSON, agent", f"{base}view-counts/", agent),
            ("counts JSON, lead", f"{base}view-counts/", lead),
            ("request page, agent", f"{base}{ticket.pk}/change/", agent),
            ("request page, lead", f"{base}{ticket.pk}/change/", lead),
        ]
        print(f"\n{'page':<30} {'median ms':>10} {'p95 ms':>10} {'bytes':>8}")
        for name, path, cookie in pages:
            median, p95, size = measure(args.port, path, cookie, args.samples)
            print(f"{name:<30} {median:>10.1f} {p95:>10.1f} {size:>8}", flush=True)
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
