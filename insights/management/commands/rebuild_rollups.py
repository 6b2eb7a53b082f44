"""``manage.py rebuild_rollups``: re-derive every dashboard rollup from the audit trail."""

import sys

from django.core.management.base import BaseCommand

from insights.services.rollups import rollups_rebuild_all


class Command(BaseCommand):
    help = "Rebuild the dashboard's daily rollups from the requests' audit trail."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--step-days", type=int, default=7, help="days per transaction")

    def handle(self, *args, step_days: int, **options) -> None:
        width = 40
        interactive = (
            self.stdout.isatty() if hasattr(self.stdout, "isatty") else sys.stdout.isatty()
        )

        def progress(done: int, total: int) -> None:
            filled = width * done // total
            bar = "#" * filled + "-" * (width - filled)
            end = "\r" if interactive and done < total else "\n"
            if interactive or done == total or done % 10 == 0:
                self.stdout.write(f"[{bar}] {done}/{total} weeks", ending=end)
                self.stdout.flush()

        rows = rollups_rebuild_all(step_days=max(step_days, 1), progress=progress)
        self.stdout.write(self.style.SUCCESS(f"{rows} rollup rows written."))
