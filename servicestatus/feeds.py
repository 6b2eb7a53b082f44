"""An Atom feed of disruptions, maintenance and their updates, from the cached board.

One entry per incident (opened or announced) and one per public update, newest
first; the feed costs no query while the board is cached.
"""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from knowledgebase.markdown import render_markdown

from .selectors import IncidentView, status_board

#: Entries in the feed; a feed reader only wants the recent ones.
FEED_ENTRIES = 50


@dataclass(frozen=True)
class Entry:
    incident: IncidentView
    at: datetime
    title: str
    body: str
    key: str


def _entries() -> list[Entry]:
    board = status_board()
    incidents = {i.reference: i for i in board.current + board.scheduled + board.resolved}
    entries = []
    for incident in incidents.values():
        entries.append(
            Entry(
                incident=incident,
                # Published when it was announced, not when maintenance will start:
                # a feed dated in the future is one readers skip or distrust.
                at=incident.announced_at or min(incident.starts_at, board.built_at),
                title=f"{incident.kind_label}: {incident.title} ({incident.impact_label})",
                body="",
                key=f"{incident.reference}",
            )
        )
        for update in incident.updates:
            label = _("Resolved") if update.is_closing else _("Update")
            entries.append(
                Entry(
                    incident=incident,
                    at=update.created_at,
                    title=f"{label}: {incident.title}",
                    body=update.body,
                    key=f"{incident.reference}/{update.created_at.isoformat()}",
                )
            )
    entries.sort(key=lambda entry: entry.at, reverse=True)
    return entries[:FEED_ENTRIES]


class StatusFeed(Feed):
    """Atom 1.0, in the visitor's language (the language switcher's cookie)."""

    feed_type = Atom1Feed

    def get_object(self, request, *args, **kwargs) -> str:
        """The host name, for the entries' tag: URIs (RFC 4151)."""
        self._host = request.get_host().split(":")[0]
        return self._host

    def title(self) -> str:
        return _("Service status")

    def subtitle(self) -> str:
        return _("Disruptions, scheduled maintenance and their updates")

    def link(self) -> str:
        return reverse("servicestatus:status")

    def items(self) -> list[Entry]:
        return _entries()

    def item_title(self, item: Entry) -> str:
        return item.title

    def item_description(self, item: Entry) -> str:
        return str(render_markdown(item.body)) if item.body else item.title

    def item_link(self, item: Entry) -> str:
        return f"{reverse('servicestatus:status')}#{item.incident.reference}"

    def item_guid(self, item: Entry) -> str:
        return f"tag:{self._host},{item.incident.starts_at:%Y-%m-%d}:status/{item.key}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: Entry) -> datetime:
        return item.at

    def item_updateddate(self, item: Entry) -> datetime:
        return item.at
