"""Staff alert fan-out: time and mails for a burst of filings.

Usage (from the project root, with the database and broker of your shell)::

    DJANGO_SETTINGS_MODULE=servicedesk.settings.test \\
        .venv/bin/python benchmarks/alerts_fanout.py 300 5

Files N requests (as guests, through the filing service, as fast as one
process can) at a desk with A first-line agents, while one worker process
(solo pool, as in the tests) fans the alerts out, coalesces them
(``ALERTS_COALESCE_WINDOW``, 10 s here, 300 s by default) and mails them
into an aiosmtpd sink on loopback. Reports how long filing took, when the
last alert reached its agent, and how many alert mails each agent got
(the requesters' N confirmations go through the same worker and count in
the time). The worker starts with the burst; its start-up (a few seconds)
is inside the figure.
"""

import os
import sys
import time
import uuid
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "servicedesk.settings.test")

import django

django.setup()

from django.core.management import call_command  # noqa: E402

from accounts import roles  # noqa: E402
from accounts.models import User  # noqa: E402
from alerts.models import AlertDelivery  # noqa: E402
from core.testing.broker import purge_queue  # noqa: E402
from core.testing.processes import celery_worker  # noqa: E402
from core.testing.smtp import SmtpSink  # noqa: E402
from servicedesk.tasks import worker_heartbeat  # noqa: E402
from tickets import services  # noqa: E402
from tickets.models import Category, Desk  # noqa: E402

WINDOW = "10"


def main(count: int, agents: int) -> None:
    call_command("migrate", verbosity=0)
    purge_queue()
    run = uuid.uuid4().hex[:6]
    desk = Desk.objects.create(slug=f"bench-{run}", name_nl=f"Bench {run}", name_en=f"Bench {run}")
    category = Category.objects.create(
        slug=f"bench-{run}", name_nl="Bench", name_en="Bench", default_desk=desk
    )
    staff = []
    for n in range(agents):
        user = User.objects.create_user(
            username=f"bench-{run}-{n}", email=f"bench-{run}-{n}@example.org", is_staff=True
        )
        user.groups.add(*roles_groups())
        staff.append(user)
    desk.agents.add(*staff)
    addresses = {user.email for user in staff}

    env = {"ALERTS_COALESCE_WINDOW": WINDOW}
    with SmtpSink() as sink, celery_worker(extra_env={"EMAIL_URL": sink.email_url, **env}):
        worker_heartbeat.delay()
        filing_started = time.perf_counter()
        for n in range(count):
            services.ticket_file(
                category=category,
                subject=f"Burst {n}",
                description="Semester start",
                impact=1,
                urgency=1,
                requester_name="Guest",
                requester_email=f"guest-{run}-{n}@example.net",
            )
        filed_at = time.perf_counter()
        expected = count * agents
        deadline = time.monotonic() + 600
        while time.monotonic() < deadline:
            sent = AlertDelivery.objects.filter(
                recipient__in=staff, batch__sent_at__isnull=False, batch__mail__status="sent"
            ).count()
            if sent == expected:
                break
            time.sleep(0.2)
        done_at = time.perf_counter()
        with sink._lock:
            per_agent = Counter(
                rcpt for _sender, rcpts in sink.envelopes for rcpt in rcpts if rcpt in addresses
            )

    print(f"filings: {count} at one desk with {agents} first-line agents")
    print(f"coalescing window {WINDOW} s; one solo worker, started with the burst")
    print(f"filing {count} requests: {filed_at - filing_started:.1f} s")
    print(
        f"all {sent}/{expected} alerts delivered: "
        f"{done_at - filing_started:.1f} s after the first filing"
    )
    mails = sorted(per_agent.values())
    print(f"alert mails per agent: {mails} (total {sum(mails)})")


def roles_groups():
    from django.contrib.auth.models import Group

    return Group.objects.filter(name=roles.FIRST_LINE_AGENT)


if __name__ == "__main__":
    main(
        int(sys.argv[1]) if len(sys.argv) > 1 else 300,
        int(sys.argv[2]) if len(sys.argv) > 2 else 5,
    )
