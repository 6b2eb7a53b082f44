"""The agent workspace's read marker (taking is services.assignment.ticket_take)."""

from accounts.models import User
from core import clock
from tickets.models import Ticket, TicketSeen


def ticket_mark_seen(*, ticket: Ticket, user: User) -> None:
    """Remember that ``user`` opened the request now (one upsert; not an audit event).

    The queue marks a request unread while the requester wrote after this.
    """
    TicketSeen.objects.update_or_create(ticket=ticket, user=user, defaults={"seen_at": clock.now()})
