"""Replies and internal notes, and what a reply does to the status."""

from collections.abc import Sequence
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from core import clock
from tickets import events, notifications, signals
from tickets.choices import FINAL_STATUSES, MessageKind, TicketStatus
from tickets.models import Ticket, TicketMessage

from .filing import attachments_add
from .status import ticket_set_status


def _is_desk_side(ticket: Ticket, acting_user: User | None) -> bool:
    return bool(
        acting_user is not None and acting_user.is_staff and acting_user.pk != ticket.requester_id
    )


@transaction.atomic
def ticket_reply(
    *,
    ticket: Ticket,
    body: str,
    acting_user: User | None,
    uploads: Sequence[UploadedFile] = (),
    internal: bool = False,
    then_status: str | None = None,
    notify_requester: bool = True,
) -> TicketMessage:
    """Add a message. ``acting_user`` None means the guest requester (private link).

    ``then_status`` (desk side) moves the request to that status in the same
    step, and the requester gets ONE mail: the reply, saying the new status.
    Replying and, say, "waiting for you" in one save used to send two mails.
    ``notify_requester=False`` records the reply without mailing it, for a
    caller that tells the requester itself (one mail for a whole incident).

    A requester's reply while waiting puts the request back in progress, and
    within TICKETS_REOPEN_DAYS of resolution reopens it. The desk's first
    public reply stops the response clock.
    """
    ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)
    if ticket.status in FINAL_STATUSES:
        raise ValidationError(
            _("This request is closed. File a new request if you still need help."),
            code="closed",
        )
    desk_side = _is_desk_side(ticket, acting_user)
    if internal and not desk_side:
        raise ValidationError(_("Only the desk writes internal notes."), code="not_staff")
    now = clock.now()
    reopen_window = timedelta(days=settings.TICKETS_REOPEN_DAYS)
    if (
        not desk_side
        and ticket.status == TicketStatus.RESOLVED
        and ticket.resolved_at
        and now - ticket.resolved_at > reopen_window
    ):
        raise ValidationError(
            _("This request was resolved too long ago to reopen. File a new request."),
            code="too_late",
        )
    message = TicketMessage(
        ticket=ticket,
        author=acting_user,
        author_name=(acting_user.get_full_name() or acting_user.email)
        if acting_user
        else ticket.requester_name,
        is_staff_reply=desk_side,
        kind=MessageKind.INTERNAL if internal else MessageKind.PUBLIC,
        body=body.strip(),
        created_at=now,
    )
    message.full_clean(exclude=["ticket", "author"])
    message.save()
    attachments_add(ticket=ticket, uploads=uploads, message=message)
    events.ticket_message_added_event(ticket=ticket, message=message)
    if internal:
        if then_status and then_status != ticket.status:
            ticket_set_status(ticket=ticket, status=then_status, acting_user=acting_user)
        return message

    if desk_side:
        first_response = ticket.first_response_at is None
        if first_response:
            ticket.first_response_at = now
        if ticket.status == TicketStatus.NEW:
            ticket_set_status(
                ticket=ticket,
                status=TicketStatus.IN_PROGRESS,
                acting_user=acting_user,
                send_mail=False,
            )
        ticket.updated_at = now
        ticket.requester_replied_at = None  # answered: off "Waiting for me"
        ticket.save(update_fields=["first_response_at", "updated_at", "requester_replied_at"])
        if first_response:
            signals.ticket_first_responded.send(
                sender=Ticket, ticket=ticket, acting_user=acting_user
            )
        status_changed = bool(then_status and then_status != ticket.status)
        if status_changed:
            ticket_set_status(
                ticket=ticket, status=then_status, acting_user=acting_user, send_mail=False
            )
        if notify_requester:
            notifications.ticket_replied(ticket, message, status_changed=status_changed)
    else:
        if ticket.status in (TicketStatus.WAITING, TicketStatus.RESOLVED):
            note = (
                "reopened by reply"
                if ticket.status == TicketStatus.RESOLVED
                else "requester replied"
            )
            ticket_set_status(
                ticket=ticket, status=TicketStatus.IN_PROGRESS, acting_user=acting_user, note=note,
                send_mail=False,
            )  # fmt: skip
        ticket.updated_at = now
        ticket.requester_replied_at = now  # "Waiting for me" and the unread marker
        ticket.save(update_fields=["updated_at", "requester_replied_at"])
        signals.ticket_requester_replied.send(
            sender=Ticket, ticket=ticket, message=message, acting_user=acting_user
        )
    return message
