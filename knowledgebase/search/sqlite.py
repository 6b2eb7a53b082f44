"""Search on SQLite (the embedded default): FTS5 with the trigram tokenizer.

Migration 0007 creates ``knowledgebase_article_fts`` (titles of both languages
in ``title``, bodies and manual steps in ``body``) with triggers on the
article table, so every way an article is written (admin, services,
``bulk_create``, ``update()``) keeps the index current, and fills it for the
rows that exist.

The trigram tokenizer matches any substring of three or more characters, so a
crude plural cut ("wachtwoorden" -> "wachtwoord") is all the stemming needed.
Every step reads at most ``CANDIDATES`` rows from the index, in index order
(no ORDER BY inside), so the work per query is bounded whatever the size of
the knowledgebase; only those candidates are ranked (bm25, titles first):

1. all words (each with its synonyms); 2. when that finds nothing, any word;
3. when full text found fewer than ``FEW``, typos: titles holding a piece of
   a query word, kept when a title word is close enough (trigram similarity).
"""

from django.db import connection

from .terms import TYPO_MIN_LENGTH, TYPO_SIMILARITY, QueryTerms, closest_typo_match

CANDIDATES = 200
FEW = 3
PLURAL_ENDINGS = ("en", "es", "s")
TABLE = "knowledgebase_article"
FTS = "knowledgebase_article_fts"


def crude_stem(word: str) -> str:
    """Drop a plural or participle ending: "wachtwoorden" matches "wachtwoord".

    A doubled consonant left behind goes too: "forgotten" -> "forgot",
    "afdrukken" -> "afdruk" (substrings of the full words, which is all the
    trigram index needs).
    """
    for ending in PLURAL_ENDINGS:
        if len(word) > 5 and word.endswith(ending):
            stem = word[: -len(ending)]
            if len(stem) > 4 and stem[-1] == stem[-2] and stem[-1] not in "aeiouy":
                stem = stem[:-1]
            return stem
    return word


def match_expression(terms: QueryTerms, operator: str) -> str:
    """``("wachtwoord" OR "paswoord") AND "verget"``; terms hold word characters only."""
    groups = []
    for group in terms.groups:
        alternatives = sorted({crude_stem(term) for term in group if len(term) >= 3})
        if alternatives:
            groups.append("(" + " OR ".join(f'"{alt}"' for alt in alternatives) + ")")
    return f" {operator} ".join(groups)


def _status_filter(published_only: bool) -> str:
    return " AND a.status = 'published'" if published_only else ""


def fulltext_ids(
    terms: QueryTerms, *, operator: str, published_only: bool, limit: int, titles_only: bool
) -> list[int]:
    expression = match_expression(terms, operator)
    if not expression:
        return []
    if titles_only:
        expression = f"title : ({expression})"
    sql = f"""
        SELECT a.id FROM (
            SELECT rowid AS id, bm25({FTS}, 10.0, 1.0) AS score FROM {FTS}
            WHERE {FTS} MATCH %s LIMIT %s
        ) c JOIN {TABLE} a ON a.id = c.id
        WHERE 1 = 1{_status_filter(published_only)}
        ORDER BY c.score, a.id LIMIT %s
    """  # noqa: S608 - names are constants; the expression travels as a parameter
    with connection.cursor() as cursor:
        cursor.execute(sql, [expression, CANDIDATES, limit])
        return [row[0] for row in cursor.fetchall()]


def _pieces(word: str) -> list[str]:
    """Substrings of which one survives a typo: 3 long for short words, else 4."""
    size = 3 if len(word) <= 5 else 4
    return sorted({word[i : i + size] for i in range(len(word) - size + 1)})


def typo_ids(
    terms: QueryTerms, *, published_only: bool, exclude: list[int], limit: int
) -> list[int]:
    words = [w for w in terms.words if len(w) >= TYPO_MIN_LENGTH and " " not in w]
    pieces = sorted({piece for word in words for piece in _pieces(word)})
    if not pieces:
        return []
    expression = "title : (" + " OR ".join(f'"{piece}"' for piece in pieces) + ")"
    sql = f"""
        SELECT a.id, a.title_nl, a.title_en FROM (
            SELECT rowid AS id FROM {FTS} WHERE {FTS} MATCH %s LIMIT %s
        ) c JOIN {TABLE} a ON a.id = c.id
        WHERE 1 = 1{_status_filter(published_only)}
    """  # noqa: S608 - as above
    with connection.cursor() as cursor:
        cursor.execute(sql, [expression, CANDIDATES])
        rows = cursor.fetchall()
    scored = []
    for pk, title_nl, title_en in rows:
        if pk in exclude:
            continue
        title = f"{title_nl} {title_en}"
        score = max(closest_typo_match(word, title) for word in words)
        if score >= TYPO_SIMILARITY:
            scored.append((-score, pk))
    return [pk for _score, pk in sorted(scored)[:limit]]
