"""The search's statements use their indexes on PostgreSQL.

10,000 articles (the size benchmarks/kb_search.py measures) are enough for the
planner to prefer an index over a scan when a word is selective. The
settings are the server's own (no ``enable_seqscan = off``), after ANALYZE,
so the plan is the one production would get; the EXPLAIN runs the exact
statements ``search.postgres`` sends.
"""

import json

import pytest
from django.db import connection

from knowledgebase.search import postgres
from knowledgebase.search.terms import query_terms

from .factories import CategoryFactory

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="query plans of the PostgreSQL search (SQLite bounds its work by LIMIT in FTS5)",
    ),
]
WORDS = [
    "account", "printer", "laptop", "rooster", "examen", "software", "licentie", "mailbox",
    "agenda", "opslag", "bestand", "netwerk", "toegang", "kaart", "parkeren", "bibliotheek",
]  # fmt: skip
ROWS = 10_000
GIN_INDEXES = [
    "kb_article_search_nl_gin",
    "kb_article_search_en_gin",
    "kb_article_title_search_nl_gin",
    "kb_article_title_search_en_gin",
    "kb_article_title_nl_trgm",
    "kb_article_title_en_trgm",
]


@pytest.fixture
def many_articles(db):
    """ROWS published articles of random words, written by SQL in one statement.

    One article in 1,000 is about the selective word, in its title and text.
    """
    category = CategoryFactory(slug="plan")
    words = "ARRAY[" + ", ".join(f"'{word}'" for word in WORDS) + "]"
    pick = f"({words})[1 + floor(random() * {len(WORDS)})::int]"
    title = " || ' ' || ".join([pick] * 4)
    body = " || ' ' || ".join([pick] * 30)
    with connection.cursor() as cursor:
        cursor.execute("SELECT setseed(0.7)")
        cursor.execute(
            f"""INSERT INTO knowledgebase_article (slug, kind, status, category_id, title_nl,
                    title_en, body_nl, body_en, steps_text_nl, steps_text_en, view_count,
                    helpful_yes, helpful_no, requests_avoided, created_at, updated_at)
                SELECT 'plan-' || g, 'faq', 'published', %s,
                    CASE WHEN g %% 1000 = 0 THEN 'wachtwoordkluis ' ELSE '' END || {title},
                    {title}, {body}, {body},
                    CASE WHEN g %% 1000 = 0 THEN 'wachtwoordkluis' ELSE '' END, '', 0, 0, 0, 0,
                    now(), now()
                FROM generate_series(1, %s) g""",  # noqa: S608 - constants only
            [category.pk, ROWS],
        )
        # What autovacuum does soon after a bulk load (VACUUM cannot run in the
        # test's transaction): move the GIN pending lists into the indexes,
        # refresh the statistics.
        for index in GIN_INDEXES:
            cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [index])
        cursor.execute("ANALYZE knowledgebase_article")


def _plan(sql: str, params: dict) -> list[dict]:
    """Every node of the plan, flattened."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config('pg_trgm.word_similarity_threshold', %s, true)",
            [str(postgres.TYPO_THRESHOLD)],
        )
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        root = cursor.fetchone()[0]
    root = json.loads(root) if isinstance(root, str) else root
    nodes, todo = [], [root[0]["Plan"]]
    while todo:
        node = todo.pop()
        nodes.append(node)
        todo.extend(node.get("Plans", []))
    return nodes


def test_selective_queries_read_the_articles_through_their_indexes(many_articles):
    terms = query_terms("wachtwoordkluis", {})
    statements = {
        "full text": (
            postgres.fulltext_sql(published_only=True, titles_only=False),
            {"q": postgres.tsquery_text(terms, "&"), "cap": postgres.CANDIDATES, "limit": 20},
        ),
        "suggestions": (
            postgres.fulltext_sql(published_only=True, titles_only=True),
            {"q": postgres.tsquery_text(terms, "&"), "cap": postgres.CANDIDATES, "limit": 5},
        ),
        "typos": (
            postgres.typo_sql(published_only=True),
            {"q": "wachtwrdkluis", "cap": postgres.CANDIDATES, "exclude": [], "limit": 20},
        ),
    }
    for name, (sql, params) in statements.items():
        nodes = _plan(sql, params)
        on_articles = [n for n in nodes if n.get("Relation Name") == "knowledgebase_article"]
        assert on_articles, name
        scans = [(n["Node Type"], n.get("Index Name"), n.get("Plan Rows")) for n in on_articles]
        assert all(n["Node Type"] != "Seq Scan" for n in on_articles), (name, scans)
        used = {n.get("Index Name") for n in nodes if n["Node Type"] == "Bitmap Index Scan"}
        expected = {
            "full text": {"kb_article_search_nl_gin", "kb_article_title_search_nl_gin"},
            "suggestions": {"kb_article_title_search_nl_gin", "kb_article_title_search_en_gin"},
            "typos": {"kb_article_title_nl_trgm", "kb_article_title_en_trgm"},
        }[name]
        assert expected <= used, (name, used)
