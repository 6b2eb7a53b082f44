"""Seed N past appointments and time the slot picker's and the calendar's reads.

Usage (from the repository root, with DATABASE_URL pointing at a PostgreSQL
database you may fill; migrations are applied first):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sd_bench \\
        .venv/bin/python benchmarks/appointment_slots.py 200000 [--samples 30]

The history (N finished appointments over the past years, spread over 20
agents) is bulk-inserted; the coming two weeks get a realistic load of
booked slots. The script then times ``bookable_slots`` (what the picker
renders) and a week of the staff calendar, and prints median and p95. Both
must stay flat as N grows: they read only the window shown.
"""

import argparse
import os
import statistics
import sys
import time
from datetime import time as clock_time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "servicedesk.settings.local")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import User  # noqa: E402
from appointments import selectors  # noqa: E402
from appointments.models import (  # noqa: E402
    Appointment,
    AppointmentHours,
    AppointmentSchedule,
)
from tickets.models import Category, Desk, Ticket  # noqa: E402
from tickets.services import ticket_file  # noqa: E402

BATCH = 5000


def seed(count: int) -> AppointmentSchedule:
    desk, _ = Desk.objects.get_or_create(
        slug="bench-desk", defaults={"name_nl": "Bench", "name_en": "Bench"}
    )
    category, _ = Category.objects.get_or_create(
        slug="bench-cat", defaults={"name_nl": "B", "name_en": "B", "default_desk": desk}
    )
    schedule, created = AppointmentSchedule.objects.get_or_create(desk=desk)
    agents = []
    for n in range(20):
        agent, _ = User.objects.get_or_create(
            username=f"bench-agent-{n}", defaults={"is_staff": True, "email": f"a{n}@example.org"}
        )
        agents.append(agent)
    schedule.agents.set(agents)
    if created:
        for day in range(5):
            AppointmentHours.objects.create(
                schedule=schedule, weekday=day, opens=clock_time(9), closes=clock_time(17)
            )
    ticket = Ticket.objects.filter(desk=desk).first() or ticket_file(
        requester_name="Bench",
        requester_email="bench@example.org",
        category=category,
        subject="Bench",
        description="Bench",
        impact=1,
        urgency=1,
    )
    existing = Appointment.objects.filter(desk=desk).count()
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    rows = []
    for n in range(existing, count):
        start = now - timedelta(hours=2 + n // len(agents))
        rows.append(
            Appointment(
                ticket=ticket,
                desk=desk,
                channel="phone",
                status="done",
                agent=agents[n % len(agents)],
                starts_at=start,
                ends_at=start + timedelta(minutes=30),
                uid=f"bench-{n}@servicedesk",
                created_at=start,
                updated_at=start,
            )
        )
        if len(rows) == BATCH:
            with transaction.atomic():
                Appointment.objects.bulk_create(rows)
            rows = []
    if rows:
        Appointment.objects.bulk_create(rows)
    return schedule


def timed(label: str, func, samples: int) -> None:
    durations = []
    for _ in range(samples):
        begin = time.perf_counter()
        func()
        durations.append((time.perf_counter() - begin) * 1000)
    durations.sort()
    p95 = durations[max(int(len(durations) * 0.95) - 1, 0)]
    print(f"{label:<28} median {statistics.median(durations):7.2f} ms   p95 {p95:7.2f} ms")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("count", type=int)
    parser.add_argument("--samples", type=int, default=30)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    schedule = seed(args.count)
    print(f"seeded {args.count} appointments in {time.perf_counter() - started:.1f} s")
    connection.cursor().execute("ANALYZE appointments_appointment")
    now = timezone.now()
    timed(
        "bookable_slots (14 days)",
        lambda: selectors.bookable_slots(schedule=schedule),
        args.samples,
    )
    timed(
        "calendar week (desk)",
        lambda: list(
            selectors.calendar_appointments(
                begin=now, end=now + timedelta(days=7), desk=schedule.desk
            )[:500]
        ),
        args.samples,
    )


if __name__ == "__main__":
    main()
