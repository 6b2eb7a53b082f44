"""Full-text search over published articles, in Dutch and English.

On PostgreSQL two generated ``tsvector`` columns (migration 0002) hold the
Dutch text under the ``dutch`` configuration and the English text under
``english``, titles weighted A, bodies B and manual steps C, each with a GIN index. A query
is parsed under both configurations, so "wachtwoorden vergeten" stems to the
Dutch title and "forgot passwords" to the English one. Typos and variants
("paswoord") are caught by trigram word similarity on the titles (pg_trgm,
GIN-indexed). Snippets come from ``ts_headline`` with private-use markers,
so everything else can be escaped before the markers become ``<mark>``.

Elsewhere (SQLite) a simpler fallback matches every word with ``icontains``
over a bounded result.
"""

import html
import re
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import BooleanField, Case, FloatField, IntegerField, Q, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.fields import TextField
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from .models import Article, Localized, localized
from .selectors import articles_visible_to

MAX_QUERY_LENGTH = 200
MAX_RESULTS = 20
# Trigram word similarity at or above which a title counts as a near miss.
# "paswoord" against "wachtwoord" scores about 0.44; unrelated words stay
# well below 0.3.
TRIGRAM_THRESHOLD = 0.4
START, STOP = "\ue000", "\ue001"
CONFIGS = {"nl": "dutch", "en": "english"}
MARKDOWN_NOISE = re.compile(r"[*_`#>|]+")
MARKDOWN_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
HEADLINE_OPTIONS = f"StartSel={START}, StopSel={STOP}, MaxWords=35, MinWords=15, MaxFragments=2"


@dataclass(frozen=True)
class SearchHit:
    article: Article
    title: Localized
    snippet: SafeString


def normalise_query(raw: str) -> str:
    return " ".join((raw or "").split())[:MAX_QUERY_LENGTH]


def uses_postgres_search() -> bool:
    return connection.vendor == "postgresql"


def search_articles(
    *, query: str, user=None, language: str | None = None, limit: int = MAX_RESULTS
) -> list[SearchHit]:
    """The best ``limit`` articles for ``query`` that ``user`` may read, best first."""
    query = normalise_query(query)
    if not query:
        return []
    language = (language or get_language() or "nl")[:2]
    if uses_postgres_search():
        return _search_postgres(query=query, user=user, language=language, limit=limit)
    return _search_fallback(query=query, user=user, language=language, limit=limit)


def _tsquery(language: str) -> str:
    return f"websearch_to_tsquery('{CONFIGS[language]}', %s)"


def _search_postgres(*, query: str, user, language: str, limit: int) -> list[SearchHit]:
    table = Article._meta.db_table
    other = "en" if language == "nl" else "nl"
    # Only table, column and configuration names are formatted in; the user's
    # text always travels as a parameter.
    matches = RawSQL(  # noqa: S611
        f'("{table}"."search_nl" @@ {_tsquery("nl")}'
        f' OR "{table}"."search_en" @@ {_tsquery("en")}'
        f' OR %s <%% "{table}"."title_nl" OR %s <%% "{table}"."title_en")',
        (query, query, query, query),
        output_field=BooleanField(),
    )
    # Full-text rank first; the trigram similarity (0..1) is scaled down so a
    # near-miss title ranks below a real full-text match.
    rank = RawSQL(  # noqa: S611
        f'GREATEST(ts_rank("{table}"."search_nl", {_tsquery("nl")}),'
        f' ts_rank("{table}"."search_en", {_tsquery("en")}))'
        f' + 0.01 * GREATEST(word_similarity(%s, "{table}"."title_nl"),'
        f' word_similarity(%s, "{table}"."title_en"))',
        (query, query, query, query),
        output_field=FloatField(),
    )
    # Postgres evaluates this costly select expression only for the rows
    # left after ORDER BY ... LIMIT.
    headline = RawSQL(  # noqa: S611
        f'CASE WHEN "{table}"."body_{language}" <> \'\' THEN'
        f' ts_headline(\'{CONFIGS[language]}\', "{table}"."body_{language}",'
        f" {_tsquery(language)}, %s)"
        f' ELSE ts_headline(\'{CONFIGS[other]}\', "{table}"."body_{other}",'
        f" {_tsquery(other)}, %s) END",
        (query, HEADLINE_OPTIONS, query, HEADLINE_OPTIONS),
        output_field=TextField(),
    )
    articles = (
        articles_visible_to(user)
        .filter(matches)
        .annotate(rank=rank, headline=headline)
        .order_by("-rank", "id")[:limit]
    )
    with transaction.atomic():
        with connection.cursor() as cursor:
            # Local to this transaction: the <% operator (and its GIN index)
            # uses this threshold.
            cursor.execute(
                "SELECT set_config('pg_trgm.word_similarity_threshold', %s, true)",
                [str(TRIGRAM_THRESHOLD)],
            )
        found = list(articles)
    return [
        SearchHit(
            article=article,
            title=localized(article, "title", language),
            snippet=_marked_snippet(article.headline),
        )
        for article in found
    ]


def _plain(markdown_text: str) -> str:
    """Markdown without the syntax that would look odd in a snippet."""
    text = MARKDOWN_LINK.sub(r"\1", markdown_text)
    return " ".join(MARKDOWN_NOISE.sub("", text).split())


def _marked_snippet(headline: str) -> SafeString:
    """Escape everything, then turn the private-use markers into ``<mark>``."""
    escaped = html.escape(_plain(headline or ""))
    return mark_safe(escaped.replace(START, "<mark>").replace(STOP, "</mark>"))  # noqa: S308


PLURAL_ENDINGS = ("en", "es", "s")


def _crude_stem(word: str) -> str:
    """Drop a plural ending so "wachtwoorden" still matches "wachtwoord"."""
    for ending in PLURAL_ENDINGS:
        if len(word) > 5 and word.lower().endswith(ending):
            return word[: -len(ending)]
    return word


def _search_fallback(*, query: str, user, language: str, limit: int) -> list[SearchHit]:
    words = [_crude_stem(word) for word in query.split() if len(word) > 1][:5] or [query]
    condition = Q()
    for word in words:
        condition &= (
            Q(title_nl__icontains=word)
            | Q(title_en__icontains=word)
            | Q(body_nl__icontains=word)
            | Q(body_en__icontains=word)
            | Q(steps_text_nl__icontains=word)
            | Q(steps_text_en__icontains=word)
        )
    in_title = Q()
    for word in words:
        in_title |= Q(title_nl__icontains=word) | Q(title_en__icontains=word)
    found = list(
        articles_visible_to(user)
        .filter(condition)
        .annotate(
            title_hit=Case(
                When(in_title, then=Value(1)), default=Value(0), output_field=IntegerField()
            )
        )
        .order_by("-title_hit", "-view_count", "id")[:limit]
    )
    return [
        SearchHit(
            article=article,
            title=localized(article, "title", language),
            snippet=_fallback_snippet(localized(article, "body", language).text, words),
        )
        for article in found
    ]


def _fallback_snippet(body: str, words: list[str], length: int = 220) -> SafeString:
    text = _plain(body)
    lowered = text.lower()
    start = min((i for w in words if (i := lowered.find(w.lower())) >= 0), default=0)
    start = max(0, start - 60)
    excerpt = ("… " if start else "") + text[start : start + length]
    pattern = re.compile("(" + "|".join(re.escape(w) for w in words) + ")", re.IGNORECASE)
    pieces = pattern.split(excerpt)
    # split() with one group alternates: text, match, text, match, ...
    escaped = "".join(
        f"<mark>{html.escape(piece)}</mark>" if index % 2 else html.escape(piece)
        for index, piece in enumerate(pieces)
    )
    return mark_safe(escaped)  # noqa: S308 - built from escaped text
