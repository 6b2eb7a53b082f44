"""``manage.py import_students FILE.csv``: the registrar's import from the command line."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from accounts.services import students_import_csv


class Command(BaseCommand):
    help = (
        "Create or refresh student accounts from a UTF-8 CSV with the columns "
        "student_number, email, first_name, last_name, initial_password. Safe to repeat."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("csv_file", type=Path)

    def handle(self, *args, csv_file: Path, **options) -> None:
        try:
            text = csv_file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot read {csv_file}: {error}") from error
        report = students_import_csv(text=text, acting_user=None)
        for line, message in report.errors:
            self.stderr.write(f"line {line}: {message}")
        self.stdout.write(
            f"created {report.created}, updated {report.updated}, "
            f"unchanged {report.unchanged}, errors {len(report.errors)}"
        )
        if report.errors:
            raise CommandError(f"{len(report.errors)} row(s) not imported; see above.")
