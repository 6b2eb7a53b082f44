"""Bulk actions: run one per-request service over many requests and collect refusals.

Each request gets its own savepoint, so a refusal (or a failure) on one
request undoes only that request's changes and the rest go through. There
is no bulk rule of its own here: every decision is the per-request
service's, and who may see a request is ``tickets.access``'s.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from tickets import access
from tickets.models import Ticket


@dataclass
class BulkOutcome:
    """What a bulk action did: the requests changed and those refused, with why."""

    done: list[Ticket] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)  # (reference, reason)
    unseen: int = 0  # selected ids that are missing or not visible: no reference shown

    @property
    def refused_count(self) -> int:
        return len(self.refused) + self.unseen


def _reason(error: ValidationError) -> str:
    return " ".join(message.rstrip(".") for message in error.messages)


def tickets_bulk_apply(
    *,
    tickets: Iterable[Ticket],
    action: Callable[..., object],
    acting_user: User,
    outcome: BulkOutcome | None = None,
    **kwargs: object,
) -> BulkOutcome:
    """Call ``action(ticket=…, acting_user=…, **kwargs)`` for each request, one savepoint each.

    A request the acting user may not see is refused without calling the
    service (and without naming it beyond the reference they selected).
    """
    outcome = outcome or BulkOutcome()
    for ticket in tickets:
        if not access.staff_may_see(acting_user, ticket):
            outcome.unseen += 1
            continue
        try:
            with transaction.atomic():
                action(ticket=ticket, acting_user=acting_user, **kwargs)
        except ValidationError as error:
            outcome.refused.append((ticket.reference, _reason(error)))
        except PermissionDenied:
            outcome.refused.append((ticket.reference, _("you may not do this")))
        else:
            outcome.done.append(ticket)
    return outcome


def tickets_bulk_merge(
    *,
    sources: Iterable[Ticket],
    target: Ticket,
    acting_user: User,
    confirm_other_requester: bool = False,
) -> BulkOutcome:
    """Merge each selected request into ``target`` (the target itself is refused)."""
    from .merge import ticket_merge

    def merge_one(*, ticket: Ticket, acting_user: User) -> Ticket:
        return ticket_merge(
            source=ticket,
            target=target,
            acting_user=acting_user,
            confirm_other_requester=confirm_other_requester,
        )

    return tickets_bulk_apply(tickets=sources, action=merge_one, acting_user=acting_user)


def tickets_bulk_assign(
    *, tickets: Iterable[Ticket], assignee: User, acting_user: User
) -> BulkOutcome:
    """Assign each request to ``assignee``, refusing those the assignee cannot see.

    An assignee who cannot open the request could not work it; asking
    ``access`` per request keeps that rule in the one place it lives.
    """
    from .triage import ticket_assign

    def assign_one(*, ticket: Ticket, acting_user: User) -> Ticket:
        if not access.staff_may_see(assignee, ticket):
            raise ValidationError(
                _("%(name)s does not work on this desk or group")
                % {"name": assignee.get_full_name() or assignee.email},
                code="assignee_cannot_see",
            )
        return ticket_assign(ticket=ticket, assignee=assignee, acting_user=acting_user)

    return tickets_bulk_apply(tickets=tickets, action=assign_one, acting_user=acting_user)


def tickets_bulk_answer(*, tickets: Iterable[Ticket], answer, acting_user: User) -> BulkOutcome:
    """Send a standard answer, filled in for each requester, as a public reply."""
    from .conversation import ticket_reply
    from .triage import standard_answer_render

    def answer_one(*, ticket: Ticket, acting_user: User) -> object:
        body = standard_answer_render(answer=answer, ticket=ticket)
        return ticket_reply(ticket=ticket, body=body, acting_user=acting_user)

    return tickets_bulk_apply(tickets=tickets, action=answer_one, acting_user=acting_user)
