"""Sections other apps add to the requester's request page.

The request page lists the conversation and the requester's actions; an app
that hangs something of its own off a request registers a section here
(in its ``apps.ready``) and the page shows it below the conversation. The
page includes ``template`` with the returned dict as ``section``, so this
package never names the apps that use it; the side panel of the staff page
has the same hook (``tickets.admin.workspace.side_panel_register``).
"""

from collections.abc import Callable
from typing import Any

from django.db.models import Exists
from django.http import HttpRequest

from .models import Ticket

# Each returns {"template": ..., **context} or None (nothing to show).
RequestPageSection = Callable[[HttpRequest | None, Ticket, bool], dict | None]
# An ``Exists(...)`` over the section's rows of the request (``OuterRef("pk")``).
SectionPresence = Callable[[], Exists]
_SECTIONS: list[tuple[RequestPageSection, SectionPresence | None]] = []


def request_page_register(
    section: RequestPageSection, *, present: SectionPresence | None = None
) -> None:
    """Let another app add a section to the requester's request page.

    ``present``, when given, says whether the request has anything for the
    section at all; it is read with the request itself
    (``request_page_annotations``), so a request without any costs the
    section no query of its own (issue 23: most requests have none).
    """
    if all(registered is not section for registered, _present in _SECTIONS):
        _SECTIONS.append((section, present))


def registered_count() -> int:
    """How many sections are registered (a cache of what the page reads is keyed on it)."""
    return len(_SECTIONS)


def _presence_name(index: int) -> str:
    return f"page_section_{index}_present"


def request_page_annotations() -> dict[str, Any]:
    """For the query that reads the page's request: one EXISTS per section that has one."""
    return {
        _presence_name(index): present()
        for index, (_section, present) in enumerate(_SECTIONS)
        if present is not None
    }


def request_page_sections(
    request: HttpRequest | None, ticket: Ticket, *, guest: bool
) -> list[dict]:
    """The registered sections with something to show, in registration order.

    ``guest`` is True on the page of a request filed without an account
    (reached through the private link), so a section links to its guest URLs.
    """
    shown = []
    for index, (section, _present) in enumerate(_SECTIONS):
        # Absent only when read with the request and False: otherwise ask.
        if getattr(ticket, _presence_name(index), True) is False:
            continue
        if found := section(request, ticket, guest):
            shown.append(found)
    return shown
