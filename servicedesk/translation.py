"""Bilingual content stored as one column per language.

Content that staff write (category names, FAQ text, standard answers) has a
Dutch and an English column; ``in_language`` picks the reader's language and
falls back to the other one when it is empty.
"""

from django.utils import translation


def in_language(obj: object, field: str, language: str | None = None) -> str:
    """The value of ``<field>_<language>``, or of the other language if empty."""
    language = (language or translation.get_language() or "nl")[:2]
    order = ("en", "nl") if language == "en" else ("nl", "en")
    for code in order:
        value = getattr(obj, f"{field}_{code}", "")
        if value:
            return value
    return ""
