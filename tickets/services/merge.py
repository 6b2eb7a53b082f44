"""Merge a duplicate into the request that is kept, and link related requests.

A merge moves the duplicate's conversation, files and (through registered
steps) other apps' rows such as appointments into the target, closes the
duplicate with the status "merged" pointing at the target (through the
status door), audits both requests and tells each requester once.

Refusals are ``ValidationError``s with a code, so a bulk action can list
them: ``same_ticket``, ``not_visible``, ``source_final``, ``target_merged``,
``target_final``, ``other_requester`` (a merge across requesters needs
``confirm_other_requester``) and whatever a registered step refuses.
"""

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.models import User
from core import clock
from tickets import access, events, notifications
from tickets.choices import FINAL_STATUSES, MessageKind, TicketStatus
from tickets.models import Ticket, TicketAttachment, TicketLink, TicketMessage

from .status import ticket_set_status

# name -> step(source=, target=, acting_user=) -> rows moved. A step may raise
# ValidationError to refuse the merge (the whole merge then rolls back).
MergeStep = Callable[..., int]
_MERGE_STEPS: dict[str, MergeStep] = {}


def register_merge_step(name: str, step: MergeStep) -> None:
    """Let another app move its rows of a merged request (appointments does).

    Called from that app's ``AppConfig.ready``, so this module never names it.
    """
    _MERGE_STEPS[name] = step


def same_requester(first: Ticket, second: Ticket) -> bool:
    """One person filed both: the same account, or both without one from the same address."""
    if first.requester_id or second.requester_id:
        return first.requester_id == second.requester_id
    return first.requester_email.casefold() == second.requester_email.casefold()


def _not_visible(ticket: Ticket) -> ValidationError:
    # The same answer for a missing request and one the agent may not see.
    return ValidationError(
        _("There is no request %(reference)s that you can see.") % {"reference": ticket.reference},
        code="not_visible",
    )


def _check_merge(
    *, source: Ticket, target: Ticket, acting_user: User, confirm_other_requester: bool
) -> None:
    """Every refusal of a merge, in the order an agent would want to hear them."""
    if source.pk == target.pk:
        raise ValidationError(_("A request cannot be merged into itself."), code="same_ticket")
    for ticket in (source, target):
        if not access.staff_may_see(acting_user, ticket):
            raise _not_visible(ticket)
    if source.status in FINAL_STATUSES:
        raise ValidationError(
            _("%(reference)s is already %(status)s and cannot be merged.")
            % {"reference": source.reference, "status": source.get_status_display().lower()},
            code="source_final",
        )
    if target.status == TicketStatus.MERGED:
        raise ValidationError(
            _("%(reference)s was itself merged into another request: merge into that one.")
            % {"reference": target.reference},
            code="target_merged",
        )
    if target.status in FINAL_STATUSES:
        raise ValidationError(
            _("%(reference)s is %(status)s: merge into an open request.")
            % {"reference": target.reference, "status": target.get_status_display().lower()},
            code="target_final",
        )
    if not same_requester(source, target) and not confirm_other_requester:
        raise ValidationError(
            _(
                "%(source)s and %(target)s have different requesters: confirm that you "
                "want to merge them (the requester of %(target)s will see the public "
                "replies of %(source)s)."
            )
            % {"source": source.reference, "target": target.reference},
            code="other_requester",
        )


def _lock(*tickets: Ticket) -> dict[int, Ticket]:
    """Lock the rows in id order (two agents merging crosswise cannot deadlock)."""
    pks = sorted(ticket.pk for ticket in tickets)
    return {t.pk: t for t in Ticket.objects.select_for_update().filter(pk__in=pks).order_by("pk")}


@transaction.atomic
def ticket_merge(
    *,
    source: Ticket,
    target: Ticket,
    acting_user: User,
    confirm_other_requester: bool = False,
) -> Ticket:
    """Merge the duplicate ``source`` into ``target``; returns the target.

    The source's description becomes a message on the target at its original
    time, with the files it was filed with, so nothing the requester wrote is
    lost; its replies, notes and files follow as they are. The target keeps
    its own SLA, desk and assignee.
    """
    locked = _lock(source, target)
    if len(locked) < (1 if source.pk == target.pk else 2):
        raise _not_visible(target if target.pk not in locked else source)
    source, target = locked[source.pk], locked[target.pk]
    _check_merge(
        source=source,
        target=target,
        acting_user=acting_user,
        confirm_other_requester=confirm_other_requester,
    )
    is_same_requester = same_requester(source, target)
    now = clock.now()

    with translation.override(target.requester_language):
        heading = _("Merged from %(reference)s: %(subject)s") % {
            "reference": source.reference,
            "subject": source.subject,
        }
    opening = TicketMessage.objects.create(
        ticket=target,
        author=source.requester,
        author_name=source.requester_name,
        is_staff_reply=False,
        kind=MessageKind.PUBLIC,
        body=f"{heading}\n\n{source.description}",
        created_at=source.created_at,
    )
    initial = TicketAttachment.objects.filter(ticket=source, message__isnull=True)
    initial.update(ticket=target, message=opening)
    moved = {
        "messages": TicketMessage.objects.filter(ticket=source).update(ticket=target),
        "attachments": TicketAttachment.objects.filter(ticket=source).update(ticket=target)
        + TicketAttachment.objects.filter(message=opening).count(),
    }
    for name, step in _MERGE_STEPS.items():
        moved[name] = step(source=source, target=target, acting_user=acting_user)

    ticket_set_status(
        ticket=source,
        status=TicketStatus.MERGED,
        acting_user=acting_user,
        note=target.reference,
        send_mail=False,
        merged_into=target,
    )
    target.updated_at = now
    target.save(update_fields=["updated_at"])
    events.ticket_merged_event(ticket=source, acting_user=acting_user, target=target, moved=moved)
    events.ticket_merge_received_event(
        ticket=target, acting_user=acting_user, source=source, moved=moved
    )
    notifications.ticket_merged(source, target, same_requester=is_same_requester)
    return target


# --- Related requests -----------------------------------------------------------


def _pair(first: Ticket, second: Ticket) -> tuple[Ticket, Ticket]:
    return (first, second) if first.pk < second.pk else (second, first)


def _check_link(*, ticket: Ticket, other: Ticket, acting_user: User) -> None:
    if ticket.pk == other.pk:
        raise ValidationError(_("A request cannot be linked to itself."), code="same_ticket")
    for each in (ticket, other):
        if not access.staff_may_see(acting_user, each):
            raise _not_visible(each)


@transaction.atomic
def ticket_link(*, ticket: Ticket, other: Ticket, acting_user: User) -> TicketLink:
    """Mark two requests as related (not duplicates): shown and audited on both."""
    _check_link(ticket=ticket, other=other, acting_user=acting_user)
    low, high = _pair(ticket, other)
    try:
        with transaction.atomic():
            link = TicketLink.objects.create(
                low=low, high=high, created_by=acting_user, created_at=clock.now()
            )
    except IntegrityError:
        raise ValidationError(
            _("%(reference)s is already linked to this request.") % {"reference": other.reference},
            code="already_linked",
        ) from None
    events.ticket_linked_event(ticket=ticket, acting_user=acting_user, other=other)
    events.ticket_linked_event(ticket=other, acting_user=acting_user, other=ticket)
    return link


@transaction.atomic
def ticket_unlink(*, ticket: Ticket, other: Ticket, acting_user: User) -> None:
    """Remove the link between two related requests, audited on both."""
    _check_link(ticket=ticket, other=other, acting_user=acting_user)
    low, high = _pair(ticket, other)
    deleted, _rows = TicketLink.objects.filter(low=low, high=high).delete()
    if not deleted:
        raise ValidationError(
            _("%(reference)s is not linked to this request.") % {"reference": other.reference},
            code="not_linked",
        )
    events.ticket_unlinked_event(ticket=ticket, acting_user=acting_user, other=other)
    events.ticket_unlinked_event(ticket=other, acting_user=acting_user, other=ticket)
