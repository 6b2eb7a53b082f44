"""KB search throughput over N articles: gunicorn, wrk with concurrent clients.

Usage (PostgreSQL or the embedded SQLite; the database is migrated first):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/servicedesk \\
        .venv/bin/python benchmarks/kb_search.py 10000 [--seconds 15] [--clients 32] [--keep]

Seeds N published articles (bulk_create, in a "bench" category, removed at
the end unless --keep) next to the demo content, serves the portal with
gunicorn (4 sync workers, DEBUG off) on a free loopback port and drives
``/kb/search/`` with ``wrk`` for a bounded time per scenario:

- ``popular``: one query over and over ("printer driver", like the shared
  harness), answered from the search cache after the first request;
- ``mixed, no cache``: Dutch, English, synonym and misspelt queries in
  turn with ``KB_SEARCH_CACHE_SECONDS=0``: the index path every time;
- ``suggest, no cache``: the same mix on ``/kb/suggest/`` (filing suggestions).

Prints requests/s, p50 and p99 per scenario. Compare against bare Django
with the shared harness (``/work/shared/bench``), run in alternation.
"""

import argparse
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# The test settings (plain static storage, no collectstatic); DEBUG off.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "servicedesk.settings.test")
os.environ["DEBUG"] = "0"

QUERIES = [
    "printer driver",
    "wachtwoorden vergeten",
    "paswoord",
    "forgot password",
    "alumninummer",
    "tweestapsverificatie",
    "two-step verification",
    "wachtwoort",
    "eduroam printer",
    "inschrijving vak",
    "appointment",
    "wachtwrd",
    "draadloos",
    "password forgotten",
]
WORDS_NL = [
    "wachtwoord",
    "account",
    "printer",
    "wifi",
    "eduroam",
    "leerplatform",
    "examen",
    "rooster",
    "inschrijving",
    "laptop",
    "software",
    "licentie",
    "mailbox",
    "agenda",
    "opslag",
    "bestand",
    "map",
    "netwerk",
    "toegang",
    "kaart",
    "studentenkaart",
    "parkeren",
    "bibliotheek",
    "boek",
    "scanner",
    "cursus",
    "vak",
    "punten",
    "attest",
    "diploma",
]
WORDS_EN = [
    "password",
    "account",
    "printer",
    "wifi",
    "eduroam",
    "platform",
    "exam",
    "timetable",
    "enrolment",
    "laptop",
    "software",
    "licence",
    "mailbox",
    "calendar",
    "storage",
    "file",
    "folder",
    "network",
    "access",
    "card",
    "library",
    "book",
    "scanner",
    "course",
    "results",
    "certificate",
    "diploma",
]


def seed(count: int) -> None:
    from django.utils import timezone

    from knowledgebase.demo import seed_demo_knowledgebase
    from knowledgebase.models import Article, Category

    seed_demo_knowledgebase()
    Article.objects.filter(slug__startswith="bench-").delete()
    category, _ = Category.objects.get_or_create(
        slug="bench", defaults={"name_nl": "Benchmark", "name_en": "Benchmark"}
    )
    rng = random.Random(42)
    now = timezone.now()
    batch = []
    for index in range(count):
        nl = rng.sample(WORDS_NL, 12)
        en = rng.sample(WORDS_EN, 12)
        batch.append(
            Article(
                slug=f"bench-{index}",
                category=category,
                status=Article.Status.PUBLISHED,
                title_nl=f"Vraag over {nl[0]} en {nl[1]} ({index})",
                title_en=f"Question about {en[0]} and {en[1]} ({index})",
                body_nl=" ".join(nl * 4) + ".",
                body_en=" ".join(en * 4) + ".",
                view_count=rng.randint(0, 5000),
                published_at=now,
                updated_at=now,
                reviewed_at=now,
            )
        )
        if len(batch) == 1000:
            Article.objects.bulk_create(batch)
            batch = []
    Article.objects.bulk_create(batch)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def lua_rotation(paths: list[str]) -> str:
    """A wrk script that sends the paths in turn, so every query is measured."""
    quoted = ", ".join(f'"{path}"' for path in paths)
    return (
        f"local paths = {{{quoted}}}\nlocal i = 0\n"
        "request = function()\n  i = i % #paths + 1\n"
        "  return wrk.format('GET', paths[i])\nend\n"
    )


def wrk(port: int, path: str, *, clients: int, seconds: int, script: str = "") -> dict:
    command = ["wrk", "-t1", f"-c{clients}", f"-d{seconds}s", "--latency", "--timeout", "30s"]
    with tempfile.TemporaryDirectory() as folder:
        if script:
            (Path(folder) / "rotate.lua").write_text(script)
            command += ["-s", str(Path(folder) / "rotate.lua")]
        output = subprocess.run(
            [*command, f"http://127.0.0.1:{port}{path}"], capture_output=True, text=True, check=True
        ).stdout

    def millis(label: str) -> float:
        value, unit = re.search(rf"{label}\s+([\d.]+)(us|ms|s)", output).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": millis("50%"),
        "p99": millis("99%"),
        "non2xx": int(errors.group(1)) if errors else 0,
    }


def serve(port: int, cache_seconds: int) -> subprocess.Popen:
    env = {**os.environ, "KB_SEARCH_CACHE_SECONDS": str(cache_seconds)}
    command = [sys.executable, "-m", "gunicorn", "servicedesk.wsgi", "--workers", "4",
               "--bind", f"127.0.0.1:{port}", "--log-level", "warning"]  # fmt: skip
    server = subprocess.Popen(command, cwd=ROOT, env=env)
    from core.testing.processes import wait_for_port

    wait_for_port(port, timeout=30)
    return server


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int, help="articles to seed")
    parser.add_argument("--seconds", type=int, default=15, help="wrk duration per scenario")
    parser.add_argument("--clients", type=int, default=32, help="concurrent connections")
    parser.add_argument("--keep", action="store_true", help="leave the seeded rows")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is needed (apt-get install wrk).")

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    seed(args.count)
    print(f"seeded {args.count} articles in {time.perf_counter() - started:.1f}s")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # What autovacuum does soon after a bulk load: flush the GIN
            # pending lists and refresh the statistics the planner uses.
            cursor.execute("VACUUM ANALYZE knowledgebase_article")
    connection.close()

    mixed = [f"/kb/search/?q={urllib.parse.quote(q)}" for q in QUERIES]
    suggest = [f"/kb/suggest/?q={urllib.parse.quote(q)}" for q in QUERIES]
    scenarios = [
        ("popular (cached)", 300, mixed[0], ""),
        ("mixed, no cache", 0, mixed[0], lua_rotation(mixed)),
        ("suggest, no cache", 0, suggest[0], lua_rotation(suggest)),
    ]
    print(f"{args.count} articles, {connection.vendor}, c={args.clients}, {args.seconds}s each")
    print(f"{'scenario':<22} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'non-2xx':>8}")
    try:
        for name, cache_seconds, path, script in scenarios:
            port = free_port()
            server = serve(port, cache_seconds)
            try:
                # Warm up: each worker's first requests load templates,
                # catalogs and connections (seconds on a busy machine).
                wrk(port, path, clients=4, seconds=10, script=script)
                result = wrk(port, path, clients=args.clients, seconds=args.seconds, script=script)
            finally:
                server.terminate()
                server.wait(timeout=30)
            print(
                f"{name:<22} {result['rps']:>8.1f} {result['p50']:>8.1f} {result['p99']:>8.1f}"
                f" {result['non2xx']:>8}",
                flush=True,
            )
    finally:
        if not args.keep:
            from knowledgebase.models import Article

            Article.objects.filter(slug__startswith="bench-").delete()


if __name__ == "__main__":
    main()
