"""What is built from a request's conversation, kept once per revision of the request.

The conversation was the largest part of the request page's cost (issue 23):
a query for the messages, one for their files, and a template loop over
both, about 1.5 ms of every view of the page, while a conversation changes
far less often than it is read. The rendered HTML (and the API's
serialized messages) is kept in the shared cache under the request's
``revision``, which the database raises on every change to the request,
its messages or its files (migration 0018), so a kept copy is never stale:
a new reply, a redaction, a file removed by the retention job each make a
new key.

The key also holds:
- the request's private access key, so a key is never shared by two
  requests, even where a rolled-back transaction hands out an id again
  (SQLite, tests);
- the language and the time zone it is rendered in, and what the caller
  adds (the API: the address its links start with);
- a fingerprint of the templates, so a release that changes them does not
  serve the previous release's HTML.

Only what the request and its own messages and files hold may be kept: no
user, no other request, nothing from another app (the status history is
read from the events, which the revision does not follow).
"""

import hashlib
from collections.abc import Callable
from functools import cache
from typing import TypeVar

from django.core.cache import cache as shared_cache
from django.template.loader import get_template, render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from . import selectors
from .models import Ticket

T = TypeVar("T")

TEMPLATE = "tickets/partials/conversation.html"
TEMPLATES = (TEMPLATE, "tickets/partials/attachments.html")
# A day: a request that is read again after that renders it once more.
KEEP_SECONDS = 24 * 60 * 60


@cache
def templates_fingerprint() -> str:
    """A digest of the templates' source, once per process."""
    digest = hashlib.blake2b(digest_size=6)
    for name in TEMPLATES:
        digest.update(get_template(name).template.source.encode())
    return digest.hexdigest()


def revision_key(ticket: Ticket, name: str, *parts: str) -> str:
    request_key = hashlib.blake2b(ticket.access_key.encode(), digest_size=6).hexdigest()
    return ":".join(
        (
            name,
            templates_fingerprint(),
            str(ticket.pk),
            request_key,
            str(ticket.revision),
            get_language() or "",
            timezone.get_current_timezone_name(),
            *parts,
        )
    )


def kept_for_revision(ticket: Ticket, name: str, *parts: str, build: Callable[[], T]) -> T:
    """``build()``'s value for this revision of ``ticket``, from the shared cache or built now.

    ``ticket`` must have been read with its ``revision`` before ``build``
    reads the conversation (as the views do): what is stored under a
    revision is then at least as new as that revision.
    """
    key = revision_key(ticket, name, *parts)
    value = shared_cache.get(key)
    if value is None:
        value = build()
        shared_cache.set(key, value, KEEP_SECONDS)
    return value


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
