"""Audit events in words: what the trail shows staff instead of raw JSON.

An event stores language-neutral data (codes, ids with the name at that
moment, ISO times in UTC). Here each type becomes a sentence in the active
language, with times in local time (``TIME_ZONE``). Another app whose events
land in the trail registers its event types (``tickets.events.register_event_types``)
and its own describers in ``DESCRIBERS``, so this module never names it.
"""

from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .choices import Line, Priority, TicketStatus
from .models import TicketEvent

Describer = Callable[[dict[str, Any]], str]
DESCRIBERS: dict[str, Describer] = {}


def local_time(value: str | None) -> str:
    """An ISO timestamp as the local date and time, in the active language's format."""
    if not value:
        return "—"
    try:
        moment = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return str(value)
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, timezone.UTC)
    return date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def name(ref: Any, nobody: str | None = None) -> str:
    """A stored reference ``{"id", "name"}`` as its name (or "nobody")."""
    if isinstance(ref, dict):
        return str(ref.get("name") or "—")
    return nobody if nobody is not None else _("nobody")


def _label(choices, value: Any) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value)


def _status(data: dict) -> str:
    text = _("from “%(old)s” to “%(new)s”") % {
        "old": _label(TicketStatus, data.get("old")),
        "new": _label(TicketStatus, data.get("new")),
    }
    return f"{text} ({data['note']})" if data.get("note") else text


def _routing(data: dict) -> str:
    old, new = data.get("old") or {}, data.get("new") or {}
    parts = [
        _("category %(old)s → %(new)s")
        % {"old": name(old.get("category")), "new": name(new.get("category"))}
    ]
    if name(old.get("desk")) != name(new.get("desk")):
        parts.append(
            _("desk %(old)s → %(new)s")
            % {"old": name(old.get("desk")), "new": name(new.get("desk"))}
        )
    if name(old.get("assignee")) != name(new.get("assignee")):
        parts.append(
            _("assignee %(old)s → %(new)s")
            % {"old": name(old.get("assignee")), "new": name(new.get("assignee"))}
        )
    return "; ".join(parts)


def _message(data: dict) -> str:
    excerpt = data.get("excerpt") or ""
    return _("by %(author)s: “%(excerpt)s”") % {
        "author": data.get("author") or "—",
        "excerpt": excerpt,
    }


DESCRIBERS.update(
    {
        TicketEvent.Type.FILED: lambda d: (
            _("priority %(priority)s, desk %(desk)s")
            % {
                "priority": _label(Priority, (d.get("new") or {}).get("priority")),
                "desk": name((d.get("new") or {}).get("desk")),
            }
        ),
        TicketEvent.Type.STATUS_CHANGED: _status,
        TicketEvent.Type.ASSIGNED: lambda d: (
            _("from %(old)s to %(new)s") % {"old": name(d.get("old")), "new": name(d.get("new"))}
        ),
        TicketEvent.Type.ESCALATED: lambda d: (
            _("to %(new)s (was: %(old)s)")
            % {"new": name(d.get("new")), "old": name(d.get("old"), _("first line"))}
        ),
        TicketEvent.Type.RETURNED: lambda d: (
            _("from %(old)s to %(line)s") % {"old": name(d.get("old")), "line": Line.FIRST.label}
        ),
        TicketEvent.Type.FORWARDED: lambda d: _("to %(office)s") % {"office": name(d.get("new"))},
        TicketEvent.Type.PRIORITY_CHANGED: lambda d: (
            _("from %(old)s to %(new)s")
            % {"old": _label(Priority, d.get("old")), "new": _label(Priority, d.get("new"))}
        ),
        TicketEvent.Type.DESK_CHANGED: lambda d: (
            _("from %(old)s to %(new)s") % {"old": name(d.get("old")), "new": name(d.get("new"))}
        ),
        TicketEvent.Type.CATEGORY_CHANGED: _routing,
        TicketEvent.Type.CLAIMED: lambda d: (
            _("filed as %(email)s, now in the account of %(account)s")
            % {"email": (d.get("old") or {}).get("email", "—"), "account": name(d.get("new"))}
        ),
        TicketEvent.Type.RATED: lambda d: _("%(score)s out of 5") % {"score": d.get("new")},
        TicketEvent.Type.SLA_BREACHED: lambda d: (
            _("was due %(due)s") % {"due": local_time(d.get("due"))}
        ),
        TicketEvent.Type.REPLIED: _message,
        TicketEvent.Type.NOTE_ADDED: _message,
    }
)


def describe_event(event: TicketEvent) -> str:
    """The event's details as a sentence; unknown shapes fall back to a short summary."""
    describer = DESCRIBERS.get(event.type)
    data = event.data if isinstance(event.data, dict) else {}
    if describer is None:
        return "—"
    try:
        return describer(data)
    except (KeyError, TypeError, AttributeError, ValueError):
        return "—"
