"""A fingerprint of the code this process runs, for caches shared between processes.

What a cache keeps from one release (rendered HTML, serialized JSON) must
not be served by the next: a changed template, serializer, selector or
translation would otherwise show the old output until the entry expires,
and during a rolling deploy old and new processes would share entries. The
fingerprint is a digest of the contents of the project's Python modules,
templates and compiled catalogs (not their dates, so every process of one
release, on any host, agrees), computed once per process.
"""

import hashlib
from functools import cache
from pathlib import Path

from django.conf import settings

SUFFIXES = frozenset({".py", ".html", ".txt", ".mo"})
SKIPPED = frozenset(
    {".venv", ".git", "node_modules", "data", "tests", "__pycache__", "benchmarks", "static"}
)


def _files(root: Path):
    for path in sorted(root.iterdir()):
        if path.name in SKIPPED or path.name.startswith("."):
            continue
        if path.is_dir():
            yield from _files(path)
        elif path.suffix in SUFFIXES:
            yield path


@cache
def release_fingerprint() -> str:
    """Twelve hex digits that change with any file of the release that shapes output."""
    digest = hashlib.blake2b(digest_size=6)
    root = Path(settings.BASE_DIR)
    for path in _files(root):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()
