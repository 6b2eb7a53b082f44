"""The one door for status changes, and the requester's close and rating."""

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from core import clock
from tickets import events, notifications, signals
from tickets.choices import FINAL_STATUSES, TicketStatus, available_statuses
from tickets.models import Office, Ticket

from .sla import ticket_sla_pause, ticket_sla_resume


class TicketStatusError(ValidationError):
    """A move the transition map does not allow."""


@transaction.atomic
def ticket_set_status(
    *,
    ticket: Ticket,
    status: str,
    acting_user: User | None,
    note: str = "",
    send_mail: bool = True,
    merged_into: Ticket | None = None,
    forwarded_to: Office | None = None,
) -> Ticket:
    """Move the request to ``status``, keep the clocks right, audit it and tell the requester.

    "Merged" needs ``merged_into``, the request the duplicate went to; it is
    saved with the status in one UPDATE (a constraint ties the two together).
    Only ``services.ticket_merge`` moves the conversation, so call that.
    "Forwarded" likewise needs ``forwarded_to``, the office: only
    ``services.ticket_forward_to_office`` answers the requester with the
    office's contact details, so a bare status change to forwarded (from any
    form, the API or a script) is refused here, not only in the admin's pickers.
    """
    old = ticket.status
    if status == old:
        return ticket
    if status not in available_statuses(old):
        raise TicketStatusError(
            _("A request that is “%(old)s” cannot become “%(new)s”.")
            % {"old": TicketStatus(old).label, "new": TicketStatus(status).label},
            code="invalid_transition",
        )
    if (status == TicketStatus.MERGED) != (merged_into is not None):
        raise TicketStatusError(
            _("Merge the request into another one to mark it as a duplicate."),
            code="merge_needs_target",
        )
    if (status == TicketStatus.FORWARDED) != (forwarded_to is not None):
        raise TicketStatusError(
            _("Forward the request to an office on its own page to mark it as forwarded."),
            code="forward_needs_office",
        )
    now = clock.now()
    ticket.status = status
    ticket.updated_at = now
    if status == TicketStatus.WAITING:
        ticket_sla_pause(ticket=ticket, at=now)
    elif old == TicketStatus.WAITING:
        ticket_sla_resume(ticket=ticket, at=now)
    if status == TicketStatus.RESOLVED:
        ticket.resolved_at = now
        if ticket.resolution_due_at and now > ticket.resolution_due_at:
            ticket.is_breached = True
    elif old == TicketStatus.RESOLVED:
        ticket.resolved_at = None  # reopened
    if status in FINAL_STATUSES:
        ticket.closed_at = now
    if merged_into is not None:
        ticket.merged_into = merged_into
    # Only what this door changes: the caller's instance may be stale in other fields.
    ticket.save(
        update_fields=[
            "merged_into",
            "status",
            "updated_at",
            "resolved_at",
            "closed_at",
            "resolution_due_at",
            "sla_paused_remaining",
            "is_breached",
        ]
    )
    events.ticket_status_changed_event(
        ticket=ticket, acting_user=acting_user, old=old, new=status, note=note
    )
    signals.ticket_status_changed.send(
        sender=Ticket, ticket=ticket, acting_user=acting_user, old=old, new=status
    )
    if send_mail:
        notifications.ticket_status_changed(ticket, old, status)
    return ticket


@transaction.atomic
def ticket_close(*, ticket: Ticket, acting_user: User | None) -> Ticket:
    """The requester closes their own request: they need no more help."""
    return ticket_set_status(
        ticket=ticket,
        status=TicketStatus.CLOSED,
        acting_user=acting_user,
        note="closed by requester",
    )


#: Days after the first answer in which the requester may still change it.
RATING_CHANGE_DAYS = 7


def rating_may_change(ticket: Ticket, now: datetime | None = None) -> bool:
    """May the requester (still) answer? Not rated yet, or rated less than 7 days ago."""
    if ticket.rating is None or ticket.rated_at is None:
        return ticket.rating is None
    return (now or clock.now()) < ticket.rated_at + timedelta(days=RATING_CHANGE_DAYS)


@transaction.atomic
def ticket_rate(*, ticket: Ticket, score: int, comment: str, acting_user: User | None) -> Ticket:
    """Record the requester's 1-5 satisfaction once the request was resolved.

    The one door for every answer: the portal's form and the survey mail
    both land here, so there is one record (``rating``, ``rating_comment``,
    ``rated_at``) and one signal (``ticket_rated``) for alerts and totals.
    A second answer within ``RATING_CHANGE_DAYS`` of the first replaces it;
    ``rated_at`` keeps the first answer's time, which the window counts from.
    """
    if not isinstance(score, int) or isinstance(score, bool) or not 1 <= score <= 5:
        raise ValidationError(_("Choose a score from 1 to 5."), code="out_of_range")
    # Lock the row: two answers at once (two clicks, two tabs) must not both pass the checks.
    locked = Ticket.objects.select_for_update().get(pk=ticket.pk)
    if locked.resolved_at is None and locked.status != TicketStatus.RESOLVED:
        raise ValidationError(_("You can rate a request once it is resolved."), code="not_resolved")
    now = clock.now()
    if not rating_may_change(locked, now):
        raise ValidationError(
            _("You already rated this request; an answer can be changed for %(days)s days.")
            % {"days": RATING_CHANGE_DAYS},
            code="already_rated",
        )
    old_score = locked.rating
    ticket.rating = score
    ticket.rating_comment = comment.strip()
    ticket.rated_at = locked.rated_at or now
    ticket.full_clean(validate_unique=False, validate_constraints=False)
    ticket.save(update_fields=["rating", "rating_comment", "rated_at"])
    events.ticket_rated_event(
        ticket=ticket, acting_user=acting_user, score=score, old_score=old_score
    )
    signals.ticket_rated.send(
        sender=Ticket, ticket=ticket, acting_user=acting_user, score=score, old_score=old_score
    )
    return ticket
