"""The agent workspace's writes: taking a request, assigning by name, the read marker."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from tickets import clock
from tickets.models import Ticket, TicketSeen

from .triage import _require_open, ticket_assign


def ticket_mark_seen(*, ticket: Ticket, user: User) -> None:
    """Remember that ``user`` opened the request now (one upsert; not an audit event).

    The queue marks a request unread while the requester wrote after this.
    """
    TicketSeen.objects.update_or_create(ticket=ticket, user=user, defaults={"seen_at": clock.now()})


@transaction.atomic
def ticket_take(*, ticket: Ticket, acting_user: User) -> Ticket:
    """The agent takes the request: it becomes theirs (audited as an assignment)."""
    _require_open(ticket)
    if ticket.assignee_id == acting_user.pk:
        raise ValidationError(_("This request is already yours."), code="already_yours")
    return ticket_assign(ticket=ticket, assignee=acting_user, acting_user=acting_user)
