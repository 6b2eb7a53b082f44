"""Search on PostgreSQL: GIN candidates first, rank a capped set, headlines for the page only.

Migration 0002 keeps two generated ``tsvector`` columns (``search_nl`` under
the ``dutch`` configuration, ``search_en`` under ``english``; titles weighted
A, bodies B, manual steps C), each GIN-indexed, and trigram GIN indexes on
both titles.

Why the steps: one query that ORs the full-text matches with trigram
conditions makes the planner expect a large share of the table, so it scans
every row and ranks every match (263 ms at 10,000 articles). Here each step
is a condition one index answers, and the ranking only sees a bounded set:

1. All words (each with its synonyms), full text in both languages: the
   title matches and the first matches anywhere, each a BitmapOr of two GIN
   indexes capped at ``CANDIDATES``; only those rows are ranked.
2. Only when that finds nothing: any of the words, the same way.
3. Only when full text found fewer than ``FEW``: titles with a trigram word
   similarity at or above ``TYPO_THRESHOLD`` to the query (the trigram GIN
   indexes), for typos such as "wachtwrd" or "pasword".
4. ``ts_headline`` for the page's hits only, in one last query.
"""

from django.db import connection, transaction

from .terms import QueryTerms, tokens

CONFIGS = {"nl": "dutch", "en": "english"}
CANDIDATES = 200
FEW = 3
# Word similarity of the query to the closest part of a title. "wachtwrd" and
# "pasword" reach 0.6-0.9 against their words; "wifi" against "wijzigen" 0.4,
# so the threshold sits above that.
TYPO_THRESHOLD = 0.5
START, STOP = "\ue000", "\ue001"
HEADLINE_OPTIONS = f"StartSel={START}, StopSel={STOP}, MaxWords=35, MinWords=15, MaxFragments=2"
TABLE = "knowledgebase_article"


def tsquery_text(terms: QueryTerms, operator: str) -> str:
    """``(paswoord | wachtwoord) & verget``: only word tokens, so nothing to escape.

    A phrase synonym ("e-mail") becomes ``e <-> mail``.
    """
    groups = []
    for group in terms.groups:
        alternatives = [" <-> ".join(tokens(term)) for term in group if tokens(term)]
        if alternatives:
            groups.append("(" + " | ".join(f"({alt})" for alt in alternatives) + ")")
    return f" {operator} ".join(groups)


def _status_filter(published_only: bool) -> str:
    return " AND a.status = 'published'" if published_only else ""


def fulltext_ids(
    terms: QueryTerms, *, operator: str, published_only: bool, limit: int, titles_only: bool
) -> list[int]:
    """Best ``limit`` ids among the title matches and the first full-text matches.

    Each candidate set is one BitmapOr over two GIN indexes, capped at
    ``CANDIDATES``: every title match (migration 0008's columns) when there
    are fewer, plus the first matches anywhere (0002's columns). Only those
    are ranked; a title match outranks a text-only one (weight A against B).
    """
    text = tsquery_text(terms, operator)
    if not text:
        return []
    sql = fulltext_sql(published_only=published_only, titles_only=titles_only)
    with connection.cursor() as cursor:
        cursor.execute(sql, {"q": text, "cap": CANDIDATES, "limit": limit})
        return [row[0] for row in cursor.fetchall()]


def fulltext_sql(*, published_only: bool, titles_only: bool) -> str:
    """The statement of ``fulltext_ids``; its plan is checked in the tests.

    The tsqueries are written out in each condition rather than taken from a
    CTE: ``to_tsquery`` with a fixed configuration is folded to a constant
    at planning, so the planner sees how selective the words are.
    """
    nl, en = "to_tsquery('dutch', %(q)s)", "to_tsquery('english', %(q)s)"
    status = _status_filter(published_only)
    anywhere = (
        ""
        if titles_only
        else f"""UNION (SELECT a.id FROM {TABLE} a
            WHERE (a.search_nl @@ {nl} OR a.search_en @@ {en}){status} LIMIT %(cap)s)"""  # noqa: S608
    )
    return f"""
        WITH candidates AS (
            (SELECT a.id FROM {TABLE} a
             WHERE (a.title_search_nl @@ {nl} OR a.title_search_en @@ {en}){status}
             LIMIT %(cap)s)
            {anywhere}
        )
        SELECT a.id FROM {TABLE} a JOIN candidates c ON c.id = a.id
        ORDER BY GREATEST(ts_rank(a.search_nl, {nl}), ts_rank(a.search_en, {en})) DESC, a.id
        LIMIT %(limit)s
    """  # noqa: S608 - table and filters are constants; the text travels as a parameter


def typo_ids(query: str, *, published_only: bool, exclude: list[int], limit: int) -> list[int]:
    """Titles close to the query (pg_trgm ``<%`` with its GIN indexes), closest first."""
    with transaction.atomic(), connection.cursor() as cursor:
        # Local to this transaction: the <% operator (and its index) uses it.
        cursor.execute(
            "SELECT set_config('pg_trgm.word_similarity_threshold', %s, true)",
            [str(TYPO_THRESHOLD)],
        )
        cursor.execute(
            typo_sql(published_only=published_only),
            {"q": query[:60], "cap": CANDIDATES, "exclude": exclude, "limit": limit},
        )
        return [row[0] for row in cursor.fetchall()]


def typo_sql(*, published_only: bool) -> str:
    """The statement of ``typo_ids``; its plan is checked in the tests."""
    return f"""
        WITH candidates AS (
            (SELECT a.id FROM {TABLE} a WHERE %(q)s <%% a.title_nl{_status_filter(published_only)}
             LIMIT %(cap)s)
            UNION
            (SELECT a.id FROM {TABLE} a WHERE %(q)s <%% a.title_en{_status_filter(published_only)}
             LIMIT %(cap)s)
        )
        SELECT a.id FROM {TABLE} a JOIN candidates c ON c.id = a.id
        WHERE NOT (a.id = ANY(%(exclude)s))
        ORDER BY GREATEST(word_similarity(%(q)s, a.title_nl), word_similarity(%(q)s, a.title_en))
            DESC, a.id
        LIMIT %(limit)s
    """  # noqa: S608 - as above


def headlines(ids: list[int], terms: QueryTerms, language: str) -> dict[int, str]:
    """``ts_headline`` of the page's hits only, in the reader's language when written."""
    if not ids:
        return {}
    other = "en" if language == "nl" else "nl"
    text = tsquery_text(terms, "|")
    sql = f"""
        SELECT a.id, CASE WHEN a.body_{language} <> ''
            THEN ts_headline('{CONFIGS[language]}', a.body_{language},
                             to_tsquery('{CONFIGS[language]}', %(q)s), %(options)s)
            ELSE ts_headline('{CONFIGS[other]}', a.body_{other},
                             to_tsquery('{CONFIGS[other]}', %(q)s), %(options)s) END
        FROM {TABLE} a WHERE a.id = ANY(%(ids)s)
    """  # noqa: S608 - language comes from CONFIGS' keys
    with connection.cursor() as cursor:
        cursor.execute(sql, {"q": text or "''", "options": HEADLINE_OPTIONS, "ids": ids})
        return dict(cursor.fetchall())
