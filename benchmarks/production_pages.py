"""The requester, staff and API pages through gunicorn with production settings, under wrk.

Usage (from the repository root; DATABASE_URL must be a PostgreSQL database
you may fill, REDIS_URL a Redis db you may use; seeding is resumable):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sd_bench REDIS_URL=redis://127.0.0.1:6379/9 \\
        .venv/bin/python benchmarks/production_pages.py 1000000 [--seconds 10] \\
        [--connections 32] [--scale 1,2,4]

Seeds N requests with one INSERT ... SELECT generate_series per 250,000 rows
(plus one public reply each), a tenth of them owned by the benchmark
student, the demo knowledge base, and a first-line agent who sees them all,
then vacuums the new rows, as autovacuum would minutes later (otherwise it
does so during a page's run and puts seconds into that page's p99).
Then one gunicorn master with 4 sync workers (``servicedesk.settings.production``,
DEBUG off) serves; wrk runs each page for ``--seconds`` at ``--connections``,
after ``--warmup`` untimed seconds (as ``../shared/bench`` does: every worker
has loaded its code and caches before the clock runs), and the script
prints requests per second, p50 and p99 per page and the RSS of each web
worker afterwards. ``--scale`` repeats one page mix with 1, 2 and 4 web
processes (separate masters with one sync worker each, on their own ports,
wrk threads spread over the ports).
"""

import argparse
import json
import os
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "servicedesk.settings.local")
os.environ["DEBUG"] = "0"

import django  # noqa: E402

django.setup()

from allauth.account.models import EmailAddress  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from production_server import (  # noqa: E402
    check_page,
    collect_static,
    production_env,
    rss_mb,
    serve,
    wrk_run,
)

from accounts import roles  # noqa: E402
from accounts.models import User  # noqa: E402
from accounts.totp import user_install_totp  # noqa: E402
from knowledgebase import selectors as kb_selectors  # noqa: E402
from knowledgebase import services as kb_services  # noqa: E402
from knowledgebase.demo import seed_demo_knowledgebase  # noqa: E402
from tickets.models import Category, Desk, Ticket  # noqa: E402

YEAR = 2024  # a past year: the seeded references never meet live ones
CHUNK = 250_000
PASSWORD = "Bench-Password-2026"  # noqa: S105 (a throwaway benchmark account)
TOTP_SECRET = "KRSXG5CUN5ZHAU3FMNZGK5BTGQ2DQMBS"  # noqa: S105

TICKETS_SQL = """
INSERT INTO tickets_ticket (
    reference, requester_id, requester_name, requester_email, requester_number,
    requester_language, access_key, line, subject, description, impact, urgency, priority,
    status, created_at, updated_at, is_breached, rating_comment, category_id, desk_id,
    channel, response_due_at, resolution_due_at
)
SELECT
    'SD-{year}-' || lpad(g::text, 7, '0'),
    CASE WHEN g %% 10 = 0 THEN %(student)s ELSE (%(others)s::bigint[])[1 + g %% 200] END,
    'Bench requester', 'requester@bench.invalid', '', 'nl', md5(g::text), 'first',
    'Benchmark request ' || g, 'Seeded for the production page benchmark.',
    1 + g %% 3, 1 + (g / 3) %% 3, 1 + g %% 4,
    (ARRAY['new', 'in_progress', 'waiting', 'resolved', 'closed'])[1 + g %% 5],
    now() - make_interval(mins => %(count)s - g), now() - make_interval(mins => %(count)s - g),
    false, '', %(category)s, %(desk)s, 'web',
    now() - make_interval(mins => %(count)s - g) + interval '2 hours',
    now() - make_interval(mins => %(count)s - g) + interval '8 hours'
FROM generate_series(%(first)s, %(last)s) AS g
"""

MESSAGES_SQL = """
INSERT INTO tickets_ticketmessage
    (ticket_id, author_id, author_name, is_staff_reply, kind, body, created_at)
SELECT id, %(agent)s, 'Agent', true, 'public', 'We are looking into it.', created_at
FROM tickets_ticket WHERE desk_id = %(desk)s AND id > %(after)s
"""


def account(username: str, **extra) -> User:
    user, _ = User.objects.get_or_create(
        username=username, defaults={"email": f"{username}@bench.invalid", **extra}
    )
    return user


def seed(count: int) -> tuple[User, User, str]:
    desk, _ = Desk.objects.get_or_create(
        slug="bench-desk", defaults={"name_nl": "Benchmarkloket", "name_en": "Benchmark desk"}
    )
    category, _ = Category.objects.get_or_create(
        slug="bench-category",
        defaults={"name_nl": "Benchmark", "name_en": "Benchmark", "default_desk": desk},
    )
    student = account("bench-student", first_name="Bench", kind=User.Kind.STUDENT)
    student.set_password(PASSWORD)
    student.save(update_fields=["password"])
    EmailAddress.objects.update_or_create(
        user=student, email=student.email, defaults={"verified": True, "primary": True}
    )
    agent = account("bench-agent", first_name="Agent", kind=User.Kind.STAFF, is_staff=True)
    agent.groups.add(Group.objects.get(name=roles.FIRST_LINE_AGENT))
    if not agent.authenticator_set.exists():
        user_install_totp(user=agent, secret=TOTP_SECRET)
    desk.agents.add(agent)
    others = [account(f"bench-requester-{n}").pk for n in range(200)]
    seed_demo_knowledgebase()
    # After the demo knowledgebase: it publishes the AUP both must have accepted.
    if version := kb_selectors.aup_current_version():
        for user in (student, agent):
            if not user.aup_acceptances.filter(version=version).exists():
                kb_services.aup_accept(user=user, version=version)

    done = Ticket.objects.filter(desk=desk).count()
    started = time.monotonic()
    for first in range(done + 1, count + 1, CHUNK):
        last = min(first + CHUNK - 1, count)
        with connection.cursor() as cursor:
            cursor.execute("SELECT coalesce(max(id), 0) FROM tickets_ticket")
            after = cursor.fetchone()[0]
            cursor.execute(
                TICKETS_SQL.replace("{year}", str(YEAR)),
                {"student": student.pk, "others": others, "count": count, "first": first,
                 "last": last, "category": category.pk, "desk": desk.pk},
            )  # fmt: skip
            cursor.execute(MESSAGES_SQL, {"agent": agent.pk, "desk": desk.pk, "after": after})
        print(f"  seeded {last:>8} requests ({time.monotonic() - started:.0f}s)", flush=True)
    with connection.cursor() as cursor:
        # What autovacuum would do in the minutes after a bulk load (visibility
        # map, hint bits, statistics): done now, so it does not run during a page.
        cursor.execute("VACUUM ANALYZE tickets_ticket, tickets_ticketmessage")
    reference = (
        Ticket.objects.filter(requester=student)
        .order_by("-updated_at")
        .values_list("reference", flat=True)[0]
    )
    return student, agent, reference


def session_cookie(user: User) -> str:
    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def api_token(port: int, student: User) -> str:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/_allauth/app/v1/auth/login",
        data=json.dumps({"email": student.email, "password": PASSWORD}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 (loopback)
        return json.loads(response.read())["meta"]["session_token"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("count", type=int, help="number of requests to seed")
    parser.add_argument("--seconds", type=int, default=10, help="wrk time per page")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument(
        "--warmup", type=int, default=3, help="untimed wrk seconds per page first (../shared/bench)"
    )
    parser.add_argument("--workers", type=int, default=4, help="sync workers of the main run")
    parser.add_argument("--scale", default="1,2,4", help="web processes for the scale table")
    parser.add_argument("--scale-page", default="My requests")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Point DATABASE_URL at PostgreSQL; this benchmark is for the real database.")

    call_command("migrate", verbosity=0)
    print(f"Seeding {args.count} requests into {connection.settings_dict['NAME']} ...")
    student, agent, reference = seed(args.count)
    student_cookie, agent_cookie = session_cookie(student), session_cookie(agent)
    static_root = ROOT / "data" / "bench-static"
    # Measure the pages, not the API throttle.
    env = production_env({"STATIC_ROOT": str(static_root), "API_THROTTLE_USER": "100000000/min"})
    collect_static(env)

    with serve(masters=1, workers=args.workers, env=env) as masters:
        port = masters[0].port
        token = api_token(port, student)
        pages = [
            ("My requests", "/requests/", {"Cookie": student_cookie}),
            ("Request detail", f"/requests/{reference}/", {"Cookie": student_cookie}),
            ("New-request form", "/requests/new/", {"Cookie": student_cookie}),
            ("KB search", "/kb/search/?q=wifi", {"Cookie": student_cookie}),
            ("Staff list (admin)", "/admin/tickets/ticket/", {"Cookie": agent_cookie}),
            ("API list", "/api/v1/requests/", {"X-Session-Token": token}),
        ]
        print(
            f"\ngunicorn -w {args.workers} (sync), production settings, wrk -c "
            f"{args.connections} for {args.seconds}s per page, {args.count} requests seeded"
        )
        print(f"{'page':<22} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7} {'bytes':>8}")
        for name, path, headers in pages:
            size = check_page(port, path, headers)
            if args.warmup:  # every worker loads its code and caches, untimed
                wrk_run([port], path, headers, connections=args.connections, seconds=args.warmup)
            result = wrk_run(
                [port], path, headers, connections=args.connections, seconds=args.seconds
            )
            print(
                f"{name:<22} {result.requests_per_second:>8.1f} {result.p50_ms:>8.1f} "
                f"{result.p99_ms:>8.1f} {result.errors:>7} {size:>8}",
                flush=True,
            )
        rss = [rss_mb(pid) for pid in masters[0].worker_pids()]
        print("RSS per web worker after the run (MB): " + ", ".join(f"{mb:.0f}" for mb in rss))

    name, path, headers = next(page for page in pages if page[0] == args.scale_page)
    print(f"\nScale-out: {name} with N web processes (one sync worker each, own port)")
    print(f"{'processes':>9} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}")
    for processes in [int(n) for n in args.scale.split(",") if n]:
        with serve(masters=processes, workers=1, env=env) as masters:
            ports = [master.port for master in masters]
            for each in ports:
                check_page(each, path, headers)
            if args.warmup:
                wrk_run(ports, path, headers, connections=args.connections, seconds=args.warmup)
            result = wrk_run(
                ports, path, headers, connections=args.connections, seconds=args.seconds
            )
            print(
                f"{processes:>9} {result.requests_per_second:>8.1f} {result.p50_ms:>8.1f} "
                f"{result.p99_ms:>8.1f} {result.errors:>7}",
                flush=True,
            )


if __name__ == "__main__":
    main()
