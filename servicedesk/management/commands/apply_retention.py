"""``manage.py apply_retention [--dry-run]``: the data-retention job by hand."""

from django.core.management.base import BaseCommand

from servicedesk.retention import apply_retention


class Command(BaseCommand):
    help = (
        "Anonymise guests and delete attachment files of requests closed longer ago than "
        "RETENTION_GUEST_DATA_MONTHS / RETENTION_ATTACHMENT_MONTHS. --dry-run only reports."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Report, change nothing.")

    def handle(self, *args, dry_run: bool = False, **options) -> None:
        report = apply_retention(dry_run=dry_run)
        if dry_run:
            self.stdout.write("Dry run: nothing was changed.")
        for line in report.lines():
            self.stdout.write(line)
        if report.references:
            self.stdout.write("Requests: " + ", ".join(report.references))
