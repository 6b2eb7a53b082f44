"""Knowledgebase search: the same meaning on PostgreSQL and SQLite, bounded work on both.

``search_articles`` turns the query into words with their synonyms
(``terms``), lets the database's engine (``postgres`` or ``sqlite``) find the
ids of the best articles with index-backed, capped steps, computes snippets
for those hits only and fetches the articles in one query. The public answer
(ids and snippets, for readers who see published articles only) is cached per
query and language until an article or synonym changes (``search_generation``)
or ``KB_SEARCH_CACHE_SECONDS`` pass; staff, who also see drafts, always get a
fresh answer.
"""

import hashlib
import html
import re
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from ..models import Article, Localized, SearchSynonym, localized
from ..selectors import articles_visible_to
from . import postgres, sqlite
from .terms import MAX_QUERY_LENGTH, QueryTerms, normalise_query, query_terms, synonym_map

__all__ = ["MAX_QUERY_LENGTH", "SearchHit", "normalise_query", "search_articles"]

MAX_RESULTS = 20
GENERATION_KEY = "kb:search:generation"
MARKDOWN_NOISE = re.compile(r"[*_`#>|]+")
MARKDOWN_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")


@dataclass(frozen=True)
class SearchHit:
    article: Article
    title: Localized
    snippet: SafeString


def uses_postgres_search() -> bool:
    return connection.vendor == "postgresql"


def search_generation() -> str:
    """A token that changes whenever articles or synonyms change (see ``search_invalidate``)."""
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        generation = uuid.uuid4().hex
        cache.set(GENERATION_KEY, generation, None)
    return generation


def search_invalidate() -> None:
    """Forget cached answers and synonyms: called by the receivers of article and synonym saves."""
    cache.set(GENERATION_KEY, uuid.uuid4().hex, None)


def _cache_seconds() -> int:
    return settings.KB_SEARCH_CACHE_SECONDS


def current_synonyms(generation: str) -> dict[str, tuple[str, ...]]:
    """The synonym groups as a lookup table; one small query per generation."""
    key = f"kb:search:synonyms:{generation}"
    found = cache.get(key)
    if found is None:
        found = synonym_map([group.term_list for group in SearchSynonym.objects.all()])
        cache.set(key, found, _cache_seconds() or 60)
    return found


def search_articles(
    *,
    query: str,
    user=None,
    language: str | None = None,
    limit: int = MAX_RESULTS,
    titles_only: bool = False,
) -> list[SearchHit]:
    """The best ``limit`` articles for ``query`` that ``user`` may read, best first.

    ``titles_only`` (the suggestions while filing): a word that only occurs in
    an article's text is not enough, so "wifi" does not suggest the password
    article that mentions wifi in passing.
    """
    query = normalise_query(query)
    if not query:
        return []
    language = (language or get_language() or "nl")[:2]
    if language not in postgres.CONFIGS:
        language = "nl"
    published_only = not (user is not None and user.is_authenticated and user.is_staff)
    generation = search_generation()
    terms = query_terms(query, current_synonyms(generation))
    if not terms:
        return []
    key = None
    answer = None
    if published_only and _cache_seconds():
        digest = hashlib.sha256(query.lower().encode()).hexdigest()[:32]
        key = f"kb:search:{generation}:{language}:{limit}:{int(titles_only)}:{digest}"
        answer = cache.get(key)
    if answer is None:
        answer = _find(
            query,
            terms,
            published_only=published_only,
            language=language,
            limit=limit,
            titles_only=titles_only,
        )
        if key is not None:
            cache.set(key, answer, _cache_seconds())
    articles = articles_visible_to(user).in_bulk([pk for pk, _snippet in answer])
    return [
        SearchHit(
            article=articles[pk],
            title=localized(articles[pk], "title", language),
            snippet=mark_safe(snippet),  # noqa: S308 - built from escaped text in _find
        )
        for pk, snippet in answer
        if pk in articles
    ]


def _find(
    query: str,
    terms: QueryTerms,
    *,
    published_only: bool,
    language: str,
    limit: int,
    titles_only: bool,
) -> list[tuple[int, str]]:
    """(id, snippet HTML) of the best hits, best first."""
    engine = postgres if uses_postgres_search() else sqlite
    all_of, any_of = ("&", "|") if engine is postgres else ("AND", "OR")
    scope = {"published_only": published_only, "limit": limit, "titles_only": titles_only}
    ids = engine.fulltext_ids(terms, operator=all_of, **scope)
    if not ids and len(terms.groups) > 1:
        ids = engine.fulltext_ids(terms, operator=any_of, **scope)
    if len(ids) < engine.FEW:
        ids += engine.typo_ids(
            query if engine is postgres else terms,
            published_only=published_only,
            exclude=ids,
            limit=limit - len(ids),
        )
    if engine is postgres:
        marked = postgres.headlines(ids, terms, language)
        return [(pk, _marked_snippet(marked.get(pk, ""))) for pk in ids]
    other = "en" if language == "nl" else "nl"
    bodies = {
        pk: own or fallback
        for pk, own, fallback in Article.objects.filter(pk__in=ids).values_list(
            "pk", f"body_{language}", f"body_{other}"
        )
    }
    words = [sqlite.crude_stem(term) for group in terms.groups for term in group if len(term) >= 3]
    return [(pk, _fallback_snippet(bodies.get(pk, ""), words)) for pk in ids]


def _plain(markdown_text: str) -> str:
    """Markdown without the syntax that would look odd in a snippet."""
    text = MARKDOWN_LINK.sub(r"\1", markdown_text)
    return " ".join(MARKDOWN_NOISE.sub("", text).split())


def _marked_snippet(headline: str) -> str:
    """Escape everything, then turn the private-use markers into ``<mark>``."""
    escaped = html.escape(_plain(headline or ""))
    return escaped.replace(postgres.START, "<mark>").replace(postgres.STOP, "</mark>")


def _fallback_snippet(body: str, words: list[str], length: int = 220) -> str:
    """The body around the first query word, escaped, with the words marked."""
    text = _plain(body)
    if not words:
        return html.escape(text[:length])
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
    return escaped
