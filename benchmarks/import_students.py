"""Time the registrar's CSV import with the real (production) password hasher.

Usage (uses DATABASE_URL, creates students numbered 09xxxxx in that database
and deletes them afterwards):

    DATABASE_URL=postgres://... .venv/bin/python benchmarks/import_students.py 100

Prints seconds per row for a first import and for an identical re-import.
Each row costs one PBKDF2 hash when created and one check when re-imported,
so the hasher dominates; the database work is a handful of queries per row.
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "servicedesk.settings.local")

import django

django.setup()

from accounts.models import User  # noqa: E402
from accounts.services import IMPORT_COLUMNS, students_import_csv  # noqa: E402


def main(rows: int) -> None:
    lines = [",".join(IMPORT_COLUMNS)]
    for n in range(rows):
        number = f"09{n:05d}"
        lines.append(f"{number},r{number}@bench.example.org,Bench,Student{n},Init-Pass-{n:05d}x")
    text = "\n".join(lines) + "\n"
    try:
        for label in ("first import", "re-import (unchanged)"):
            start = time.perf_counter()
            report = students_import_csv(text=text, acting_user=None)
            elapsed = time.perf_counter() - start
            print(
                f"{label}: {rows} rows in {elapsed:.1f} s = {elapsed / rows * 1000:.0f} ms/row "
                f"(created {report.created}, unchanged {report.unchanged}, "
                f"errors {len(report.errors)})"
            )
    finally:
        User.objects.filter(email__endswith="@bench.example.org").delete()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100)
