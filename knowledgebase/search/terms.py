"""What a query means before any database sees it: words, stems, synonyms, typos.

Both engines (PostgreSQL and SQLite) start from the same ``QueryTerms``: the
query's words (lower case, at most ``MAX_WORDS``), each with the alternatives
its synonym group adds. Only word characters survive, so the terms can be
written into a tsquery or an FTS5 expression without any escaping games.
"""

import re
from dataclasses import dataclass

MAX_QUERY_LENGTH = 200
MAX_WORDS = 6
MAX_ALTERNATIVES = 6
WORD = re.compile(r"\w+(?:-\w+)*")
TOKEN = re.compile(r"\w+")
# A title word at least this similar (trigram similarity, as pg_trgm computes
# it) to a query word counts as a typo of it. "pasword"/"password" 0.64,
# "wachtwrd"/"wachtwoord" 0.55; "wifi"/"wijzigen" 0.17.
TYPO_SIMILARITY = 0.45
TYPO_MIN_LENGTH = 4


@dataclass(frozen=True)
class QueryTerms:
    """Each inner tuple: one query word and its synonyms (the word first)."""

    groups: tuple[tuple[str, ...], ...]

    @property
    def words(self) -> list[str]:
        return [group[0] for group in self.groups]

    def __bool__(self) -> bool:
        return bool(self.groups)


def normalise_query(raw: str) -> str:
    return " ".join((raw or "").split())[:MAX_QUERY_LENGTH]


def query_terms(query: str, synonyms: dict[str, tuple[str, ...]]) -> QueryTerms:
    """Split ``query`` into words and add each word's synonyms.

    A synonym group may hold phrases ("e-mail", "wi fi"): those are looked up
    as whole query phrases of up to three words too.
    """
    # One letter or a short number ("2" of "zaal 2.14") says nothing on its own.
    words = [
        w for w in WORD.findall(query.lower()) if len(w) > 1 and not (w.isdigit() and len(w) < 3)
    ]
    groups: list[tuple[str, ...]] = []
    index = 0
    while index < len(words) and len(groups) < MAX_WORDS:
        for size in (3, 2, 1):
            phrase = " ".join(words[index : index + size])
            if size == 1 or phrase in synonyms:
                break
        alternatives = [phrase, *(s for s in synonyms.get(phrase, ()) if s != phrase)]
        groups.append(tuple(alternatives[:MAX_ALTERNATIVES]))
        index += len(phrase.split(" "))
    return QueryTerms(tuple(groups))


def synonym_map(term_lists: list[list[str]]) -> dict[str, tuple[str, ...]]:
    """Every term of every group points at all terms of its group(s)."""
    found: dict[str, list[str]] = {}
    for terms in term_lists:
        for term in terms:
            merged = found.setdefault(term, [])
            merged.extend(t for t in terms if t not in merged)
    return {term: tuple(group) for term, group in found.items()}


def parse_terms(raw: str) -> list[str]:
    """The terms of a synonym group as typed in the admin, normalised; may be empty."""
    terms: list[str] = []
    for piece in raw.split(","):
        term = " ".join(WORD.findall(piece.lower()))
        if term and term not in terms:
            terms.append(term)
    return terms


def tokens(term: str) -> list[str]:
    """The word tokens of a term: "e-mail" -> ["e", "mail"]."""
    return TOKEN.findall(term)


def trigrams(word: str) -> set[str]:
    padded = f"  {word.lower()} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def similarity(a: str, b: str) -> float:
    """pg_trgm's similarity(): shared trigrams over all trigrams of both words."""
    first, second = trigrams(a), trigrams(b)
    if not first or not second:
        return 0.0
    return len(first & second) / len(first | second)


def closest_typo_match(word: str, text: str) -> float:
    """The best similarity of ``word`` to any word of ``text`` (0 when too short)."""
    if len(word) < TYPO_MIN_LENGTH:
        return 0.0
    return max((similarity(word, other) for other in TOKEN.findall(text.lower())), default=0.0)
