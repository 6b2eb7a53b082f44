"""Reads for mail in: which request a mail answers, who may write to it, who sees what."""

import re

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db.models import Q, QuerySet

from accounts import roles
from accounts.models import User
from notifications.messages import message_id_domain
from notifications.models import OutboxMail
from tickets import selectors as ticket_selectors
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
    """The one scope rule for inbound mail in the admin.

    The lead (and superusers) see everything; first-line agents see the mail
    not tied to a request (held, ignored, discarded: first line triages it)
    plus mail on requests they may see; anyone else only mail on requests
    they may see. Point this at ``tickets.access`` once that module lands.
    """
    everything = InboundMessage.objects.all()
    if not user.is_active or not user.is_staff:
        return everything.none()
    if ticket_selectors.staff_sees_everything(user):
        return everything
    on_visible = Q(ticket__in=ticket_selectors.tickets_visible_to(user).values("pk"))
    if user.groups.filter(name=roles.FIRST_LINE_AGENT).exists():
        return everything.filter(on_visible | Q(ticket__isnull=True))
    return everything.filter(on_visible)
