"""Search latency of /kb/search/ over N articles, through a real WSGI server.

Usage (PostgreSQL; the database is migrated first):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/servicedesk \\
        .venv/bin/python benchmarks/kb_search.py 10000 [--requests 300] [--keep]

Seeds N published articles (bulk_create, in a "bench" category, removed at
the end unless --keep) next to the demo content, starts Django's WSGI app in
wsgiref on a free loopback port in a thread, and times GET requests over
HTTP for a mix of Dutch, English and misspelt queries. Prints the median and
95th percentile in milliseconds, and how many hits the first page had.
"""

import argparse
import os
import random
import statistics
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# The test settings: DEBUG off (no per-query logging in memory) and plain
# static storage, so no collectstatic is needed; the database is DATABASE_URL.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "servicedesk.settings.test")
os.environ["DEBUG"] = "0"

QUERIES = [
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


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args) -> None:
        pass


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int, help="articles to seed")
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--keep", action="store_true", help="leave the seeded rows")
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.core.wsgi import get_wsgi_application
    from django.db import connection

    if connection.vendor != "postgresql":
        sys.exit("Point DATABASE_URL at PostgreSQL: this measures full-text search there.")
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    seed(args.count)
    print(f"seeded {args.count} articles in {time.perf_counter() - started:.1f}s")
    with connection.cursor() as cursor:
        # What autovacuum does soon after a bulk load: flush the GIN pending
        # lists and refresh statistics. Without it the planner prices the
        # fresh GIN indexes too high and scans the table (~120 ms at 10,000).
        cursor.execute("VACUUM ANALYZE knowledgebase_article")
    connection.close()

    server = make_server("127.0.0.1", 0, get_wsgi_application(), WSGIServer, QuietHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_port}/kb/search/?q="

    def fetch(query: str) -> tuple[float, bytes]:
        begin = time.perf_counter()
        with urllib.request.urlopen(base + urllib.parse.quote(query)) as response:  # noqa: S310
            body = response.read()
            assert response.status == 200
        return (time.perf_counter() - begin) * 1000, body

    for query in QUERIES:  # warm up connections, caches, plans
        fetch(query)
    timings = []
    per_query: dict[str, list[float]] = {query: [] for query in QUERIES}
    for index in range(args.requests):
        query = QUERIES[index % len(QUERIES)]
        elapsed, _body = fetch(query)
        timings.append(elapsed)
        per_query[query].append(elapsed)
    hits = fetch("wachtwoorden vergeten")[1].count(b'class="kb-snippet"')
    server.shutdown()

    timings.sort()
    p95 = timings[max(0, round(0.95 * len(timings)) - 1)]
    print(f"{args.requests} requests over {len(QUERIES)} queries, {args.count} articles")
    print(f"median {statistics.median(timings):.1f} ms, p95 {p95:.1f} ms, max {timings[-1]:.1f} ms")
    for query, values in per_query.items():
        print(f"  {query!r:28} median {statistics.median(values):.1f} ms")
    print(f'hits on the first page for "wachtwoorden vergeten": {hits}')

    if not args.keep:
        from knowledgebase.models import Article

        Article.objects.filter(slug__startswith="bench-").delete()


if __name__ == "__main__":
    main()
