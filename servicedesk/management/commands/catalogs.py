"""``manage.py catalogs update|check|compile``: keep nl and en complete.

* ``update`` extracts every message (Django's makemessages, needs GNU
  gettext), fills the English catalog with the source text where it is
  empty, and keeps the header date so an unchanged catalog stays unchanged.
* ``check`` fails when a catalog has an untranslated or fuzzy entry, or when
  the code holds a message that the catalogs do not (found by extracting into
  a scratch copy of the tree, so the working tree is not touched).
* ``compile`` writes the ``.mo`` files in pure Python (polib), so a machine
  with only Python can run the portal.
"""

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core.language import SUPPORTED_LANGUAGES

DOMAINS = ("django", "djangojs")
EXTRACT_IGNORES = [".venv", "data", "test-artifacts", "staticfiles", "benchmarks", "examples"]
HEADER_DATE = re.compile(r'^"POT-Creation-Date: .*\\n"$', re.MULTILINE)


def catalog_paths(root: Path) -> list[Path]:
    """The .po files of this project under ``root``: the project's and each app's.

    Each app keeps its own catalog (``<app>/locale``), so changes to different
    apps never touch the same file; project templates use ``locale/``.
    """
    found = []
    for locale_dir in [root / "locale", *sorted(root.glob("*/locale"))]:
        for language in SUPPORTED_LANGUAGES:
            for domain in DOMAINS:
                path = locale_dir / language / "LC_MESSAGES" / f"{domain}.po"
                if path.exists():
                    found.append(path)
    return found


def extract(root: Path) -> None:
    """Run makemessages in ``root`` for both languages."""
    if shutil.which("xgettext") is None:
        raise CommandError("GNU gettext (xgettext) is needed to extract messages.")
    base = [sys.executable, "manage.py", "makemessages", "--no-obsolete", "--no-location"]
    ignores = [arg for name in EXTRACT_IGNORES for arg in ("--ignore", name)]
    for language in SUPPORTED_LANGUAGES:
        subprocess.run([*base, *ignores, "-l", language], cwd=root, check=True, capture_output=True)
        if (root / "static" / "js").exists():
            subprocess.run(
                [*base, *ignores, "-d", "djangojs", "-l", language],
                cwd=root,
                check=True,
                capture_output=True,
            )


class Command(BaseCommand):
    help = "Update, check or compile the nl and en translation catalogs."

    def add_arguments(self, parser) -> None:
        parser.add_argument("action", choices=["update", "check", "compile"])

    def handle(self, *args, action: str, **options) -> None:
        root = Path(settings.BASE_DIR)
        getattr(self, f"do_{action}")(root)

    def do_update(self, root: Path) -> None:
        before = {path: path.read_text() for path in catalog_paths(root)}
        extract(root)
        for path in catalog_paths(root):
            catalog = polib.pofile(str(path))
            if "/en/" in str(path):
                for entry in catalog:
                    if not entry.translated() and not entry.obsolete:
                        entry.msgstr = entry.msgid
                        if entry.msgid_plural:
                            entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
                        if "fuzzy" in entry.flags:
                            entry.flags.remove("fuzzy")
                catalog.save()
            old = before.get(path)
            if old is not None:
                new = path.read_text()
                old_date = HEADER_DATE.search(old)
                if old_date and HEADER_DATE.sub("", new) == HEADER_DATE.sub("", old):
                    path.write_text(old)
        self.stdout.write("Catalogs updated; translate what `catalogs check` lists.")

    def do_check(self, root: Path) -> None:
        problems = []
        committed = {}
        for path in catalog_paths(root):
            catalog = polib.pofile(str(path))
            rel = path.relative_to(root)
            committed[rel] = {(e.msgctxt, e.msgid) for e in catalog if not e.obsolete}
            problems += [
                f"{rel}: untranslated: {e.msgid!r}" for e in catalog.untranslated_entries()
            ]
            problems += [f"{rel}: fuzzy: {e.msgid!r}" for e in catalog.fuzzy_entries()]
        if not committed:
            problems.append("no catalogs found under locale/")
        if shutil.which("xgettext"):
            with tempfile.TemporaryDirectory() as scratch:
                copy = Path(scratch) / "tree"
                shutil.copytree(root, copy, ignore=shutil.ignore_patterns(".git", *EXTRACT_IGNORES))
                extract(copy)
                for path in catalog_paths(copy):
                    rel = path.relative_to(copy)
                    fresh = {(e.msgctxt, e.msgid) for e in polib.pofile(str(path))}
                    for _ctxt, msgid in sorted(fresh - committed.get(rel, set()), key=str):
                        problems.append(f"{rel}: missing from the catalog: {msgid!r}")
        else:
            self.stderr.write("xgettext not found: skipped the check for unextracted messages.")
        if problems:
            for problem in problems:
                self.stderr.write(problem)
            raise CommandError(
                f"{len(problems)} translation problem(s); run `manage.py catalogs update` "
                "and translate what is listed."
            )
        self.stdout.write("Catalogs are complete.")

    def do_compile(self, root: Path) -> None:
        for path in catalog_paths(root):
            polib.pofile(str(path)).save_as_mofile(str(path.with_suffix(".mo")))
        self.stdout.write("Catalogs compiled.")
