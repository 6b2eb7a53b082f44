"""Time the lead dashboard through gunicorn on PostgreSQL with N requests.

Usage (from the repository root, DATABASE_URL pointing at a PostgreSQL
database you may fill):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sd_dash \\
        .venv/bin/python benchmarks/dashboard.py 1000000 [--samples 30]

Seeds the requests as ``agent_workspace.py`` does (resumable), then, once,
spreads them over the last 365 days and all four channels and writes the
audit trail a year of work leaves (filed, resolved with first responses,
ratings) straight in SQL. It times ``manage.py rebuild_rollups`` on that
trail, then fetches the dashboard as the servicedesk lead (every desk, the
worst case) for the last 4 weeks and the semester, through gunicorn (2 sync
workers, DEBUG off), and prints median and 95th percentile.
"""

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT))

import agent_workspace as workspace  # noqa: E402  (sets up Django)
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from insights.models import DailyRollup  # noqa: E402
from tickets.models import TicketEvent  # noqa: E402

SPREAD = """
UPDATE tickets_ticket SET
  created_at = now() - (id % 365) * interval '1 day' - (id % 540) * interval '1 minute',
  channel = (array['web', 'app', 'mail', 'guest'])[1 + id % 4];
UPDATE tickets_ticket SET
  first_response_at = CASE WHEN status <> 'new'
    THEN created_at + (id % 50) * interval '17 minutes' END,
  resolved_at = CASE WHEN status IN ('resolved', 'closed')
    THEN created_at + (id % 96) * interval '1 hour' END,
  rating = CASE WHEN status IN ('resolved', 'closed') AND id % 3 = 0 THEN 1 + id % 5 END,
  rating_comment = CASE WHEN status IN ('resolved', 'closed') AND id % 30 = 0
    THEN 'Benchmark comment ' || id ELSE '' END;
INSERT INTO tickets_ticketevent (ticket_id, type, created_at, data)
  SELECT id, 'filed', created_at, '{}'::jsonb FROM tickets_ticket;
INSERT INTO tickets_ticketevent (ticket_id, type, created_at, data)
  SELECT id, 'status_changed', resolved_at, jsonb_build_object(
    'old', 'in_progress', 'new', 'resolved', 'note', '', 'breached', is_breached)
  FROM tickets_ticket WHERE resolved_at IS NOT NULL;
INSERT INTO tickets_ticketevent (ticket_id, type, created_at, data)
  SELECT id, 'status_changed', resolved_at + interval '7 days', jsonb_build_object(
    'old', 'resolved', 'new', 'closed', 'note', '')
  FROM tickets_ticket WHERE status = 'closed';
INSERT INTO tickets_ticketevent (ticket_id, type, created_at, data)
  SELECT id, 'rated', resolved_at + interval '2 hours', jsonb_build_object('new', rating)
  FROM tickets_ticket WHERE rating IS NOT NULL;
ANALYZE tickets_ticket;
ANALYZE tickets_ticketevent;
"""


def spread_history() -> None:
    """Once: a year of history in the audit trail (skipped when it is there)."""
    if TicketEvent.objects.filter(type="filed").exists():
        return
    print("Spreading the requests over a year and writing their audit trail ...", flush=True)
    with connection.cursor() as cursor:
        cursor.execute(SPREAD)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("count", type=int, help="number of requests to seed")
    parser.add_argument("--samples", type=int, default=30, help="timed fetches per page")
    parser.add_argument("--port", type=int, default=8767)
    parser.add_argument("--skip-rebuild", action="store_true", help="keep the rollups as they are")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Point DATABASE_URL at PostgreSQL; this benchmark is for the real database.")
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    seeded = workspace.seed(args.count)
    spread_history()
    if not args.skip_rebuild or not DailyRollup.objects.exists():
        started = time.perf_counter()
        call_command("rebuild_rollups", step_days=30)
        print(f"rebuild_rollups: {time.perf_counter() - started:.1f} s, "
              f"{DailyRollup.objects.count()} rows")  # fmt: skip
        with connection.cursor() as cursor:  # as autovacuum would soon after
            cursor.execute("ANALYZE insights_dailyrollup, insights_durationday")
    lead = workspace.session_cookie(seeded["lead"])
    env = {**os.environ, "DEBUG": "0", "DJANGO_SETTINGS_MODULE": "servicedesk.settings.local"}
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "servicedesk.wsgi", "--workers", "2",
         "--bind", f"127.0.0.1:{args.port}", "--log-level", "warning"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    try:
        from core.testing.processes import wait_for_port

        wait_for_port(args.port, timeout=30)
        base = "/admin/insights/dailyrollup/"
        pages = [
            ("last 4 weeks, all desks", f"{base}?period=4weeks"),
            ("this semester, all desks", f"{base}?period=semester"),
            ("custom 365 days, all desks", f"{base}?period=custom&start=START&end=END"),
            ("CSV of intake, semester", f"{base}?period=semester&export=intake"),
        ]
        from datetime import timedelta

        from django.utils import timezone

        today = timezone.localdate()
        print(f"\n{'page':<30} {'median ms':>10} {'p95 ms':>10} {'bytes':>8}")
        for name, path in pages:
            path = path.replace("START", str(today - timedelta(days=364))).replace(
                "END", str(today)
            )
            median, p95, size = workspace.measure(args.port, path, lead, args.samples)
            print(f"{name:<30} {median:>10.1f} {p95:>10.1f} {size:>8}", flush=True)
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
