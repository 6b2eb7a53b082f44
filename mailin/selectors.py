"""Reads for mail in: which request a mail answers, who may write to it, who sees what."""

import re

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db.models import QuerySet

from accounts.models import User
from notifications.messages import message_id_domain
from notifications.models import OutboxMail
from tickets import access
from tickets.models import Category, Ticket

from .models import InboundMessage
from .parsing import ParsedMail

REFERENCE = re.compile(r"SD-\d{4}-\d{6,}")


def _thread_reference(message_id: str) -> str | None:
    """The reference in a thread root the portal minted (``<thread.SD-…@domain>``)."""
    match = re.fullmatch(
        rf"<thread\.(SD-\d{{4}}-\d{{6,}})@{re.escape(message_id_domain())}>", message_id
    )
    return match.group(1) if match else None


def ticket_for_mail(parsed: ParsedMail) -> Ticket | None:
    """The request a mail answers: by the Message-IDs the portal minted, then the subject token.

    ``In-Reply-To`` and ``References`` point at a mail the outbox sent (its
    ``thread_key`` is the reference) or at the request's thread root. Only
    when no such id is known does the ``[SD-YYYY-NNNNNN]`` in the subject count.
    """
    mail_ids = []
    for message_id in parsed.referenced_ids:
        reference = _thread_reference(message_id)
        if reference:
            ticket = Ticket.objects.filter(reference=reference).first()
            if ticket is not None:
                return ticket
        else:
            mail_ids.append(message_id)
    if mail_ids:
        keys = dict(
            OutboxMail.objects.filter(message_id__in=mail_ids)
            .exclude(thread_key="")
            .values_list("message_id", "thread_key")
        )
        for message_id in mail_ids:
            key = keys.get(message_id, "")
            if REFERENCE.fullmatch(key):
                ticket = Ticket.objects.filter(reference=key).first()
                if ticket is not None:
                    return ticket
    for reference in parsed.reference_tokens:
        ticket = Ticket.objects.filter(reference=reference).first()
        if ticket is not None:
            return ticket
    return None


def account_for_address(email: str) -> User | None:
    """The active account one of whose *verified* addresses ``email`` is (the claim rule)."""
    if not email:
        return None
    owners = list(
        EmailAddress.objects.filter(email__iexact=email, verified=True, user__is_active=True)
        .values_list("user_id", flat=True)
        .distinct()[:2]
    )
    if len(owners) != 1:
        return None  # unknown, or ambiguous: never guess whose request this is
    return User.objects.get(pk=owners[0])


def sender_may_write(*, ticket: Ticket, email: str) -> bool:
    """Only the requester writes on a request by mail: their address on the request,
    or a verified address of the requester's account."""
    if not email:
        return False
    if ticket.requester_email.strip().lower() == email.lower():
        return True
    if ticket.requester_id is None:
        return False
    return EmailAddress.objects.filter(
        user_id=ticket.requester_id, email__iexact=email, verified=True
    ).exists()


def category_for_mail() -> Category | None:
    """Where a request filed by mail goes: ``INBOUND_CATEGORY``, else the first active leaf."""
    active = Category.objects.filter(is_active=True)
    if settings.INBOUND_CATEGORY:
        return active.filter(slug=settings.INBOUND_CATEGORY).first()
    return (
        active.exclude(pk__in=Category.objects.filter(parent__isnull=False).values("parent_id"))
        .order_by("position", "pk")
        .first()
    )


def inbound_visible_to(user: User) -> QuerySet[InboundMessage]:
    """The received mails ``user`` may see: the rule lives in ``tickets.access``."""
    return access.inbound_mails_visible_to(user, InboundMessage.objects.all())
