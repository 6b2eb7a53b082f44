"""One writer per audit event type; services call these inside their transaction."""

from typing import Any

from accounts.models import User
from core import clock

from .choices import MessageKind
from .models import Ticket, TicketEvent
from .models.tickets import register_event_types

__all__ = ["register_event_types"]  # for apps whose own events land in the trail


def _write(ticket: Ticket, type_: str, acting_user: User | None, **data: Any) -> TicketEvent:
    return TicketEvent.objects.create(
        ticket=ticket,
        type=type_,
        acting_user=acting_user if acting_user and acting_user.pk else None,
        created_at=clock.now(),
        data=data,
    )


def _ref(obj: Any) -> dict | None:
    """A related object as stored in an event: id plus the name at that moment."""
    if obj is None:
        return None
    return {"id": obj.pk, "name": str(obj)}


def ticket_filed_event(*, ticket: Ticket, acting_user: User | None) -> TicketEvent:
    return _write(
        ticket,
        TicketEvent.Type.FILED,
        acting_user,
        new={"status": ticket.status, "priority": ticket.priority, "desk": _ref(ticket.desk)},
    )


def ticket_status_changed_event(
    *, ticket: Ticket, acting_user: User | None, old: str, new: str, note: str = ""
) -> TicketEvent:
    """A status move; a resolution also keeps whether the SLA was breached by then (insights)."""
    extra = {"breached": ticket.is_breached} if new == "resolved" else {}
    return _write(
        ticket, TicketEvent.Type.STATUS_CHANGED, acting_user, old=old, new=new, note=note, **extra
    )


def ticket_assigned_event(
    *, ticket: Ticket, acting_user: User | None, old: User | None, new: User | None
) -> TicketEvent:
    return _write(ticket, TicketEvent.Type.ASSIGNED, acting_user, old=_ref(old), new=_ref(new))


def ticket_escalated_event(
    *, ticket: Ticket, acting_user: User | None, old_group: Any, new_group: Any
) -> TicketEvent:
    return _write(
        ticket, TicketEvent.Type.ESCALATED, acting_user, old=_ref(old_group), new=_ref(new_group)
    )


def ticket_returned_event(
    *, ticket: Ticket, acting_user: User | None, old_group: Any
) -> TicketEvent:
    return _write(ticket, TicketEvent.Type.RETURNED, acting_user, old=_ref(old_group), new=None)


def ticket_forwarded_event(*, ticket: Ticket, acting_user: User | None, office: Any) -> TicketEvent:
    return _write(ticket, TicketEvent.Type.FORWARDED, acting_user, new=_ref(office))


def ticket_priority_changed_event(
    *, ticket: Ticket, acting_user: User | None, old: int, new: int
) -> TicketEvent:
    return _write(ticket, TicketEvent.Type.PRIORITY_CHANGED, acting_user, old=old, new=new)


def ticket_desk_changed_event(
    *, ticket: Ticket, acting_user: User | None, old: Any, new: Any
) -> TicketEvent:
    return _write(ticket, TicketEvent.Type.DESK_CHANGED, acting_user, old=_ref(old), new=_ref(new))


def ticket_category_changed_event(
    *, ticket: Ticket, acting_user: User | None, old: dict, new: dict
) -> TicketEvent:
    """``old`` and ``new`` hold the category, desk, line, group and assignee."""
    return _write(ticket, TicketEvent.Type.CATEGORY_CHANGED, acting_user, old=old, new=new)


def routing_snapshot(ticket: Ticket) -> dict:
    """Where a request sits, as stored in a category change event."""
    return {
        "category": _ref(ticket.category),
        "desk": _ref(ticket.desk),
        "line": ticket.line,
        "resolver_group": _ref(ticket.resolver_group),
        "assignee": _ref(ticket.assignee),
    }


def ticket_claimed_event(*, ticket: Ticket, acting_user: User, guest_email: str) -> TicketEvent:
    """The request moved into an account; the address the guest filed with is kept here."""
    return _write(
        ticket,
        TicketEvent.Type.CLAIMED,
        acting_user,
        old={"email": guest_email},
        new=_ref(acting_user),
    )


def ticket_rated_event(
    *, ticket: Ticket, acting_user: User | None, score: int, old_score: int | None = None
) -> TicketEvent:
    """The requester's answer; ``old`` is the answer it replaced (None the first time)."""
    return _write(ticket, TicketEvent.Type.RATED, acting_user, old=old_score, new=score)


def ticket_sla_breached_event(*, ticket: Ticket, due: str) -> TicketEvent:
    return _write(ticket, TicketEvent.Type.SLA_BREACHED, None, due=due)


def ticket_merged_event(
    *, ticket: Ticket, acting_user: User, target: Ticket, moved: dict[str, int]
) -> TicketEvent:
    """On the duplicate: where it went and what moved with it."""
    return _write(ticket, TicketEvent.Type.MERGED, acting_user, new=_ref(target), moved=moved)


def ticket_merge_received_event(
    *, ticket: Ticket, acting_user: User, source: Ticket, moved: dict[str, int]
) -> TicketEvent:
    """On the request that was kept: which duplicate came in and what it brought."""
    return _write(
        ticket, TicketEvent.Type.MERGE_RECEIVED, acting_user, old=_ref(source), moved=moved
    )


def ticket_linked_event(*, ticket: Ticket, acting_user: User, other: Ticket) -> TicketEvent:
    return _write(ticket, TicketEvent.Type.LINKED, acting_user, new=_ref(other))


def ticket_unlinked_event(*, ticket: Ticket, acting_user: User, other: Ticket) -> TicketEvent:
    return _write(ticket, TicketEvent.Type.UNLINKED, acting_user, old=_ref(other))


EXCERPT_LENGTH = 120


def ticket_message_added_event(*, ticket: Ticket, message: Any) -> TicketEvent:
    """A public reply or an internal note: who wrote it, and its opening words."""
    body = " ".join(message.body.split())
    excerpt = body if len(body) <= EXCERPT_LENGTH else body[: EXCERPT_LENGTH - 1] + "…"
    type_ = (
        TicketEvent.Type.NOTE_ADDED
        if message.kind == MessageKind.INTERNAL
        else TicketEvent.Type.REPLIED
    )
    return _write(
        ticket,
        type_,
        message.author,
        message=message.pk,
        author=message.author_name,
        excerpt=excerpt,
    )
