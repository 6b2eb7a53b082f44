"""Bilingual content stored as one column per language, and whose language a user reads.

Content that staff write (category names, FAQ text, standard answers) has a
Dutch and an English column; ``in_language`` picks the reader's language and
falls back to the other one when it is empty. ``recipient_language`` is the
one rule for the language a known user is addressed in (their mails, their
API answers).
"""

from django.conf import settings
from django.utils import translation

from core.language import SUPPORTED_LANGUAGES


def recipient_language(*, user, language: str | None = None) -> str:
    """The user's profile language, else ``language``, else the portal's default.

    ``user`` may be None (a guest, an unknown sender); ``language`` is what
    the caller knows besides the profile (the language a request was filed
    in, the active one). Every mail, summary and answer addressed to a
    person picks its language here, so a profile change reaches them all.
    """
    for candidate in (getattr(user, "preferred_language", None), language):
        if candidate in SUPPORTED_LANGUAGES:
            return candidate
    return settings.LANGUAGE_CODE


def in_language(obj: object, field: str, language: str | None = None) -> str:
    """The value of ``<field>_<language>``, or of the other language if empty."""
    language = (language or translation.get_language() or "nl")[:2]
    order = ("en", "nl") if language == "en" else ("nl", "en")
    for code in order:
        value = getattr(obj, f"{field}_{code}", "")
        if value:
            return value
    return ""
