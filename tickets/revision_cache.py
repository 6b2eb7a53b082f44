"""What is built from a request's conversation, kept per revision of the request.

The conversation was the largest part of the request page's cost (issue 23):
a query for the messages, one for their files, and a template loop over
both, about 1.5 ms of every view of the page, while a conversation changes
far less often than it is read. The rendered HTML (and the API's
serialized messages) is kept in the shared cache, stamped with the
request's ``revision``, which the database raises on every change to the
request, its messages or its files (migration 0018), so a kept copy is
never stale: a new reply, a redaction, a file removed by the retention job
each change the stamp.

The stamp also holds:
- the fingerprint of the release (``core.release``): a changed template,
  serializer, selector or catalog never serves the previous release's copy;
- when the revision column was added (the migration's row): revisions are
  times in milliseconds and never repeat after a restore from a backup, but
  a migration undone and done again starts every request at 0;
- a digest of the request's private access key (rotated when the retention
  job anonymises a guest's request, and never shared by two requests, even
  where a rolled-back transaction hands out an id again);
- the time zone it is rendered in.

One cache slot per request, name and language: a new revision overwrites the
old copy, and ``forget`` drops a request's slots (the retention job calls it,
so an anonymised conversation does not wait for the cache to expire). Kept
only where the cache is Redis (``TICKETS_REVISION_CACHE``): the embedded
file cache would keep personal data on disk past retention and evict other
entries to make room.

Only what the request and its own messages and files hold may be kept: no
user, no other request, nothing from another app (the status history is
read from the events, which the revision does not follow).
"""

import hashlib
from collections.abc import Callable, Iterable
from functools import cache
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache as shared_cache
from django.db import connection
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from core.release import release_fingerprint
from core.templatetags.fragments import PLACEHOLDER_MARK

from . import selectors
from .models import Ticket

T = TypeVar("T")

TEMPLATE = "tickets/partials/conversation.html"
# The parts of the request page kept whole (``{% kept_for_revision %}``).
PAGE_NAMES = ("page",)
NAMES = ("conversation", "api-conversation", *PAGE_NAMES)
# An hour: a request read again after that is rendered once more.
KEEP_SECONDS = 60 * 60
# Variants kept in one slot (the API's: one per address the app calls).
MAX_VARIANTS = 4


@cache
def _revisions_epoch() -> str:
    """When this database got the revision column (migration 0018's row)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT applied FROM django_migrations WHERE app = %s AND name = %s",
            ["tickets", "0018_ticket_revision"],
        )
        row = cursor.fetchone()
    return str(row[0]) if row else ""


def _slot(name: str, pk: int, language: str) -> str:
    return f"tickets:kept:{name}:{pk}:{language}"


def _stamp(ticket: Ticket) -> str:
    request_key = hashlib.blake2b(ticket.access_key.encode(), digest_size=6).hexdigest()
    return ":".join(
        (
            release_fingerprint(),
            PLACEHOLDER_MARK,  # the kept page's placeholders: they follow the secret key
            _revisions_epoch(),
            request_key,
            str(ticket.revision),
            timezone.get_current_timezone_name(),
        )
    )


def kept_for_revision(ticket: Ticket, name: str, *variant: str, build: Callable[[], T]) -> T:
    """``build()``'s value for this revision of ``ticket``, from the shared cache or built now.

    ``ticket`` must have been read with its ``revision`` before ``build``
    reads the conversation (as the views do): what is stored under a
    revision is then at least as new as that revision. ``variant`` tells
    apart values of one revision that differ by something outside the
    request (the API's address).
    """
    if not settings.TICKETS_REVISION_CACHE:
        return build()
    slot = _slot(name, ticket.pk, get_language() or settings.LANGUAGE_CODE)
    stamp = _stamp(ticket)
    kept = shared_cache.get(slot)
    variants = kept["variants"] if kept and kept.get("stamp") == stamp else {}
    if variant in variants:
        return variants[variant]
    value = build()
    variants = dict(list(variants.items())[-(MAX_VARIANTS - 1) :])
    variants[variant] = value
    shared_cache.set(slot, {"stamp": stamp, "variants": variants}, KEEP_SECONDS)
    return value


def forget(ticket_pks: Iterable[int]) -> None:
    """Drop what is kept of these requests (after the retention job changed them)."""
    slots = [
        _slot(name, pk, code)
        for pk in ticket_pks
        for name in NAMES
        for code, _label in settings.LANGUAGES
    ]
    if slots:
        shared_cache.delete_many(slots)


def requester_conversation_html(ticket: Ticket) -> SafeString:
    """The public conversation of ``ticket`` as the requester's page shows it."""

    def render() -> str:
        conversation, initial_attachments = selectors.requester_conversation_and_files(ticket)
        return render_to_string(
            TEMPLATE,
            {
                "ticket": ticket,
                "conversation": conversation,
                "initial_attachments": initial_attachments,
            },
        )

    html = kept_for_revision(ticket, "conversation", build=render)
    return mark_safe(html)  # noqa: S308 - rendered by the template engine, which escaped it
