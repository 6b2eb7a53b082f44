"""Taking a request: the agent assigns it to themselves, once, and not from a colleague."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from tickets import access
from tickets.choices import OPEN_STATUSES
from tickets.models import Ticket

from .triage import ticket_assign


@transaction.atomic
def ticket_take(*, ticket: Ticket, acting_user: User) -> Ticket:
    """Assign the request to the acting agent; audited as an assignee change.

    Refused (with a code a bulk action can report) when the request is not
    open, not visible to the agent, already theirs, or already taken by a
    colleague: taking over someone's work is an explicit assign, not a take.
    """
    # Lock the row, then read it into the caller's object, so the caller
    # keeps working with what is now true (its assignee included).
    Ticket.objects.select_for_update().filter(pk=ticket.pk).exists()
    ticket.refresh_from_db()
    locked = ticket
    if not access.staff_may_see(acting_user, locked):
        raise ValidationError(
            _("There is no request %(reference)s that you can see.")
            % {"reference": locked.reference},
            code="not_visible",
        )
    if locked.status not in OPEN_STATUSES:
        raise ValidationError(_("only open requests can be taken"), code="not_open")
    if locked.assignee_id == acting_user.pk:
        raise ValidationError(_("already assigned to you"), code="already_yours")
    if locked.assignee_id is not None:
        raise ValidationError(
            _("already taken by %(name)s")
            % {"name": locked.assignee.get_full_name() or locked.assignee.email},
            code="taken",
        )
    return ticket_assign(ticket=locked, assignee=acting_user, acting_user=acting_user)
