"""Every mail the tickets app sends, one small function per event.

Services call these inside their transaction. They hand the event to the
notification pipeline (``notifications.services.notify``: an outbox row that
leaves after commit through Celery). Templates live under
``tickets/templates/notifications/<event>/`` and each subject carries the
request's reference; every mail of one request shares its thread.
"""

from typing import Any

from django.urls import reverse

from accounts.models import User
from notifications.services import notify

from .models import Office, Ticket, TicketMessage

CLAIM_LINK_EVENT = "ticket_claim_link"


def _deliver(
    *,
    event: str,
    ticket: Ticket,
    recipient_email: str,
    user: User | None,
    reply_by_mail: bool = False,
    **extra: Any,
) -> None:
    """One mail of this request's thread, rendered now in the recipient's language."""
    context = {"ticket": ticket, **extra}
    notify(
        event=event,
        recipient_email=recipient_email,
        context=context,
        user=user,
        language=ticket.requester_language,
        thread_key=ticket.reference,
        reply_by_mail=reply_by_mail,
    )


def _to_requester(event: str, ticket: Ticket, **extra: Any) -> None:
    _deliver(
        event=event,
        ticket=ticket,
        recipient_email=ticket.requester_email,
        user=ticket.requester,
        reply_by_mail=True,  # the requester may answer by mail (when mail in is on)
        detail_path=requester_path(ticket),
        **extra,
    )


def requester_path(ticket: Ticket) -> str:
    """Where the requester follows the request: My requests, or the private link."""
    if ticket.requester_id:
        return reverse("tickets:detail", kwargs={"reference": ticket.reference})
    from .links import private_link_path

    return private_link_path(ticket)


def ticket_filed(ticket: Ticket) -> None:
    """Confirm a new request; a requester without an account gets the private link."""
    event = "ticket_filed" if ticket.requester_id else "ticket_filed_guest"
    _to_requester(event, ticket)


def ticket_replied(ticket: Ticket, message: TicketMessage, *, status_changed: bool = False) -> None:
    """The desk answered publicly: tell the requester (with the new status, if it moved)."""
    _to_requester("ticket_reply", ticket, message=message, status_changed=status_changed)


def ticket_status_changed(ticket: Ticket, old: str, new: str) -> None:
    """The status moved; resolved has its own mail that invites a rating."""
    if new == "resolved":
        _to_requester("ticket_resolved", ticket)
    else:
        _to_requester("ticket_status_changed", ticket, old_status=old, new_status=new)


def ticket_escalated(ticket: Ticket) -> None:
    """Specialists took over the request."""
    _to_requester("ticket_escalated", ticket)


def ticket_forwarded(ticket: Ticket, office: Office, text: str) -> None:
    """Wrong desk: the standard answer with the office's contact details."""
    _to_requester("ticket_forwarded", ticket, office=office, text=text)


def ticket_merged(source: Ticket, target: Ticket, *, same_requester: bool) -> None:
    """A duplicate was merged: each requester hears it once.

    One person behind both requests gets one mail, pointing to the request
    that goes on. Two people get one each; neither learns who the other is.
    """
    if same_requester:
        _deliver(
            event="ticket_merged",
            ticket=source,
            recipient_email=source.requester_email,
            user=source.requester,
            target=target,
            same_requester=True,
            detail_path=requester_path(target),
        )
        return
    _to_requester("ticket_merged", source, target=target, same_requester=False)
    _deliver(
        event="ticket_merge_received",
        ticket=target,
        recipient_email=target.requester_email,
        user=target.requester,
        source=source,
        detail_path=requester_path(target),
    )


def ticket_claim_link(ticket: Ticket, user: User) -> None:
    """Offer ``user`` to move a guest request into their account, at their own address.

    Only the reference and the link: nothing the guest wrote reaches the
    account holder's inbox, since the guest may not be them at all.
    """
    from .links import CLAIM_LINK_MAX_AGE, claim_link_path

    _deliver(
        event=CLAIM_LINK_EVENT,
        ticket=ticket,
        recipient_email=user.email,
        user=user,
        claim_path=claim_link_path(ticket, user),
        valid_days=CLAIM_LINK_MAX_AGE.days,
    )
