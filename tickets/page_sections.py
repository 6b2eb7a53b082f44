"""Sections other apps add to the requester's request page.

The request page lists the conversation and the requester's actions; an app
that hangs something of its own off a request registers a section here
(in its ``apps.ready``) and the page shows it below the conversation. The
page includes ``template`` with the returned dict as ``section``, so this
package never names the apps that use it; the side panel of the staff page
has the same hook (``tickets.admin.workspace.side_panel_register``).
"""

from collections.abc import Callable

from django.http import HttpRequest

from .models import Ticket

# Each returns {"template": ..., **context} or None (nothing to show).
RequestPageSection = Callable[[HttpRequest | None, Ticket, bool], dict | None]
_SECTIONS: list[RequestPageSection] = []


def request_page_register(section: RequestPageSection) -> None:
    """Let another app add a section to the requester's request page."""
    if section not in _SECTIONS:
        _SECTIONS.append(section)


def request_page_sections(
    request: HttpRequest | None, ticket: Ticket, *, guest: bool
) -> list[dict]:
    """The registered sections with something to show, in registration order.

    ``guest`` is True on the page of a request filed without an account
    (reached through the private link), so a section links to its guest URLs.
    """
    sections = (section(request, ticket, guest) for section in _SECTIONS)
    return [section for section in sections if section]
