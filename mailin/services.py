"""Every state change of mail in: receiving a message, and first line's file/discard.

``mail_receive(raw)`` is the one door for a fetched message. It runs in one
transaction: the ``InboundMessage`` row (unique Message-ID), the reply or
request it produces and the mails that go out commit together or not at all.
The poller marks the message processed on the IMAP server only after that
commit, so a crash anywhere loses nothing; fetching a message again finds the
row and does nothing, so nothing is posted twice.
"""

import hashlib
import logging
import time
from dataclasses import dataclass
from email import message_from_bytes, policy
from email.utils import parseaddr

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from core.ratelimit import counter_key, counter_take
from core.translation import recipient_language
from notifications.services import outbox_mail_mark_bounced
from tickets.choices import Channel, Impact, Urgency
from tickets.models import Ticket, TicketMessage
from tickets.services import ticket_file, ticket_reply
from tickets.validators import validate_attachment

from . import notifications, selectors
from .models import InboundMessage
from .parsing import ParsedMail, Unreadable, fallback_message_id, message_ids, parse

logger = logging.getLogger(__name__)

Status = InboundMessage.Status
Reason = InboundMessage.Reason
BODY_MAX = 10000
RATE_ACTION = "mail_in"


@dataclass
class Uploads:
    accepted: list[SimpleUploadedFile]
    refused: list[str]  # one translated line per refused file


def _headers_only(raw: bytes) -> tuple[str, str, str, str]:
    """Message-ID, sender and subject of a mail too big (or too broken) to parse fully."""
    try:
        head = raw.split(b"\r\n\r\n", 1)[0].split(b"\n\n", 1)[0]
        message = message_from_bytes(head, policy=policy.compat32)
        ids = message_ids(message.get("Message-ID"))
        name, email = parseaddr(str(message.get("From", "")))
        subject = " ".join(str(message.get("Subject", "")).split())[:255]
    except Exception:  # anything: this is the last resort for a broken mail
        ids, name, email, subject = [], "", "", ""
    message_id = ids[0][:255] if ids else fallback_message_id(raw)
    return message_id, email.lower() if "@" in email else "", name[:150], subject


def _finish(
    inbound: InboundMessage, *, status: str, reason: str, detail: str = "", **links
) -> InboundMessage:
    inbound.status = status
    inbound.reason = reason
    inbound.detail = detail[:5000]
    inbound.processed_at = timezone.now()
    for name, value in links.items():
        setattr(inbound, name, value)
    inbound.save()
    logger.info("inbound %s (%s): %s %s", inbound.pk, inbound.message_id, status, reason)
    return inbound


def _rate_limited(sender: str) -> bool:
    """One atomic count per sender (core.ratelimit), the same counters as the web."""
    limit, period = settings.INBOUND_SENDER_RATE_LIMIT
    return counter_take(counter_key(RATE_ACTION, sender.lower()), period=period).value > limit


def _uploads(parsed: ParsedMail) -> Uploads:
    """The attachments under the web form's rules; each refused one gets a reason."""
    accepted, refused = [], []
    for attachment in parsed.attachments:
        upload = SimpleUploadedFile(attachment.name, attachment.content, attachment.content_type)
        try:
            validate_attachment(upload)
        except ValidationError as error:
            refused.extend(error.messages)
            continue
        if len(accepted) >= settings.TICKETS_ATTACHMENT_MAX_FILES:
            refused.append(
                _("“%(name)s”: at most %(count)d files per message.")
                % {"name": attachment.name, "count": settings.TICKETS_ATTACHMENT_MAX_FILES}
            )
            continue
        accepted.append(upload)
    return Uploads(accepted=accepted, refused=refused)


def _text(value: str, fallback: str) -> str:
    value = value.strip() or fallback
    return value if len(value) <= BODY_MAX else value[: BODY_MAX - 2] + " …"


def _file_new(
    *,
    inbound: InboundMessage,
    parsed: ParsedMail,
    reason: str,
    previous: Ticket | None = None,
    acting_user: User | None = None,
) -> InboundMessage:
    """A new request from the sender, through the web form's filing service."""
    category = selectors.category_for_mail()
    if category is None:
        return _finish(inbound, status=Status.HELD, reason=Reason.NO_CATEGORY)
    account = selectors.account_for_address(parsed.sender_email)
    language = recipient_language(user=account)
    with translation.override(language):
        description = _text(parsed.body or parsed.full_text, _("(The mail had no text.)"))
        if previous is not None:
            description = _text(
                _("Follow-up of request %(reference)s.") % {"reference": previous.reference}
                + "\n\n"
                + description,
                "",
            )
        subject = (parsed.subject or _("(no subject)"))[:200]
        uploads = _uploads(parsed)
    ticket = ticket_file(
        channel=Channel.MAIL,
        category=category,
        subject=subject,
        description=description,
        impact=Impact.JUST_ME,
        urgency=Urgency.CAN_WAIT,
        uploads=uploads.accepted,
        requester=account,
        requester_name=parsed.sender_name or parsed.sender_email.split("@")[0],
        requester_email=parsed.sender_email,
        language=language,
        acting_user=acting_user or account,
    )
    if reason == Reason.NOT_REQUESTER:
        notifications.filed_as_new_request(ticket=ticket, email=parsed.sender_email)
    if uploads.refused:
        notifications.attachments_refused(
            ticket=ticket, email=parsed.sender_email, refused=uploads.refused
        )
    detail = f"follows {previous.reference}" if previous is not None else ""
    return _finish(
        inbound, status=Status.PROCESSED, reason=reason, detail=detail, ticket=ticket,
        acting_user=acting_user,
    )  # fmt: skip


def _reply(*, inbound: InboundMessage, parsed: ParsedMail, ticket: Ticket) -> InboundMessage:
    """A public message from the requester on ``ticket``, by the web's reply rules."""
    language = ticket.requester_language
    with translation.override(language):
        uploads = _uploads(parsed)
        body = _text(
            parsed.body,
            _("(No new text; see the attachments.)")
            if uploads.accepted
            else _("(The mail had no text.)"),
        )
    try:
        message: TicketMessage = ticket_reply(
            ticket=ticket, body=body, acting_user=ticket.requester, uploads=uploads.accepted
        )
    except ValidationError as error:
        if error.code in ("closed", "too_late"):
            return _file_new(
                inbound=inbound, parsed=parsed, reason=Reason.TOO_LATE, previous=ticket
            )
        raise
    if uploads.refused:
        notifications.attachments_refused(
            ticket=ticket, email=parsed.sender_email, refused=uploads.refused
        )
    return _finish(
        inbound, status=Status.PROCESSED, reason=Reason.REPLY, ticket=ticket,
        ticket_message=message,
    )  # fmt: skip


def _process(inbound: InboundMessage, parsed: ParsedMail) -> InboundMessage:
    if parsed.is_bounce:
        bounced = outbox_mail_mark_bounced(
            message_ids=parsed.bounced_message_ids, detail=parsed.subject
        )
        return _finish(
            inbound, status=Status.IGNORED, reason=Reason.BOUNCE,
            detail=f"{bounced} outbox mail(s) marked bounced",
        )  # fmt: skip
    if parsed.is_automatic:
        return _finish(inbound, status=Status.IGNORED, reason=Reason.AUTO_REPLY)
    if not parsed.sender_email:
        return _finish(inbound, status=Status.HELD, reason=Reason.NO_SENDER)
    if parsed.auth_failed:
        return _finish(
            inbound, status=Status.HELD, reason=Reason.AUTH_FAILED, detail=parsed.auth_failed
        )
    if _rate_limited(parsed.sender_email):
        return _finish(inbound, status=Status.HELD, reason=Reason.RATE_LIMITED)
    ticket = selectors.ticket_for_mail(parsed)
    if ticket is None:
        return _file_new(inbound=inbound, parsed=parsed, reason=Reason.NEW_REQUEST)
    if not selectors.sender_may_write(ticket=ticket, email=parsed.sender_email):
        # Never on someone else's request: the sender's own new request instead.
        return _file_new(inbound=inbound, parsed=parsed, reason=Reason.NOT_REQUESTER)
    return _reply(inbound=inbound, parsed=parsed, ticket=ticket)


def _store_raw(inbound: InboundMessage, raw: bytes) -> None:
    name = hashlib.sha256(inbound.message_id.encode()).hexdigest()[:32] + ".eml"
    inbound.raw.save(name, ContentFile(raw), save=False)


@transaction.atomic
def mail_receive(raw: bytes) -> InboundMessage:
    """Handle one fetched message exactly once (by Message-ID); returns its row.

    A message seen before returns the existing row untouched. Whatever goes
    wrong with the content ends as a held row with a reason, never an error,
    so the poller can mark the message processed and move on.
    """
    parsed: ParsedMail | None = None
    problem: Unreadable | None = None
    if len(raw) > settings.INBOUND_MAX_BYTES:
        problem = Unreadable(Reason.TOO_BIG, f"{len(raw)} bytes > {settings.INBOUND_MAX_BYTES}")
    else:
        try:
            parsed = parse(raw)
        except Unreadable as error:
            problem = error
    if parsed is not None:
        message_id, sender, name, subject = (
            parsed.message_id, parsed.sender_email, parsed.sender_name, parsed.subject
        )  # fmt: skip
    else:
        message_id, sender, name, subject = _headers_only(raw)
    inbound, created = InboundMessage.objects.get_or_create(
        message_id=message_id,
        defaults={
            "sender_email": sender[:254],
            "sender_name": name,
            "subject": subject,
            "size": len(raw),
        },
    )
    if not created and inbound.status != Status.RECEIVED:
        logger.info("inbound %s (%s) seen before: nothing to do", inbound.pk, message_id)
        return inbound
    inbound = InboundMessage.objects.select_for_update().get(pk=inbound.pk)
    if not inbound.raw:
        _store_raw(inbound, raw)
    if problem is not None:
        return _finish(inbound, status=Status.HELD, reason=problem.reason, detail=problem.detail)
    try:
        with transaction.atomic():
            return _process(inbound, parsed)
    except ValidationError as error:
        return _finish(
            inbound, status=Status.HELD, reason=Reason.UNPARSEABLE, detail="; ".join(error.messages)
        )


def _parsed_for_staff(inbound: InboundMessage) -> ParsedMail:
    with inbound.raw.open("rb") as handle:
        raw = handle.read()
    try:
        parsed = parse(raw)
    except Unreadable as error:
        raise ValidationError(
            _(
                "This mail cannot be read (%(detail)s); "
                "discard it and ask the sender to write again."
            )
            % {"detail": error.detail},
            code="unreadable",
        ) from error
    if not parsed.sender_email:
        raise ValidationError(
            _("This mail has no usable sender address; it cannot become a request."),
            code="no_sender",
        )
    return parsed


@transaction.atomic
def inbound_file_as_new(*, inbound: InboundMessage, acting_user: User) -> InboundMessage:
    """First line files a held mail as a new request from its sender."""
    inbound = InboundMessage.objects.select_for_update().get(pk=inbound.pk)
    if inbound.status != Status.HELD:
        raise ValidationError(_("Only a held mail can be filed."), code="not_held")
    parsed = _parsed_for_staff(inbound)
    return _file_new(
        inbound=inbound, parsed=parsed, reason=Reason.FILED_BY_STAFF, acting_user=acting_user
    )


@transaction.atomic
def inbound_discard(*, inbound: InboundMessage, acting_user: User) -> InboundMessage:
    """First line drops a held mail; the row and the original stay for the record."""
    inbound = InboundMessage.objects.select_for_update().get(pk=inbound.pk)
    if inbound.status != Status.HELD:
        raise ValidationError(_("Only a held mail can be discarded."), code="not_held")
    held_for = inbound.get_reason_display()
    return _finish(
        inbound, status=Status.DISCARDED, reason=Reason.DISCARDED_BY_STAFF,
        detail=f"held: {held_for}", acting_user=acting_user,
    )  # fmt: skip


@transaction.atomic
def mail_hold(*, raw: bytes, detail: str) -> InboundMessage:
    """Keep a mail that made ``mail_receive`` fail, held for first line with the error."""
    message_id, sender, name, subject = _headers_only(raw)
    inbound, _created = InboundMessage.objects.get_or_create(
        message_id=message_id,
        defaults={"sender_email": sender[:254], "sender_name": name, "subject": subject,
                  "size": len(raw)},
    )  # fmt: skip
    inbound = InboundMessage.objects.select_for_update().get(pk=inbound.pk)
    if inbound.status != Status.RECEIVED:
        return inbound
    _store_raw(inbound, raw)
    return _finish(inbound, status=Status.HELD, reason=Reason.UNPARSEABLE, detail=detail)


def _receive_or_hold(raw: bytes) -> InboundMessage:
    """One mail that trips an unexpected error must not block the mailbox for ever.

    A database error propagates (the database is away: the next poll tries
    again); anything else is logged and the mail held with the error.
    """
    try:
        return mail_receive(raw)
    except DatabaseError:
        raise
    except Exception as error:
        logger.exception("inbound mail could not be processed; holding it")
        return mail_hold(raw=raw, detail=f"{type(error).__name__}: {error}")


@dataclass
class PollResult:
    handled: int
    remaining: int


def mailbox_poll(
    *, max_messages: int | None = None, time_budget: float | None = None
) -> PollResult:
    """Fetch new mail in batches, handle each, then mark the batch processed on the server.

    Each ``mail_receive`` commits on its own; the batch is flagged (or moved)
    only afterwards. A crash before the flag means the next poll fetches the
    batch again and ``mail_receive`` finds every row already there.
    """
    # imap_tools costs every web worker ~10 MB; only the poll job needs it.
    from . import imap

    config = imap.imap_config()
    if config is None:
        return PollResult(handled=0, remaining=0)
    max_messages = max_messages or settings.INBOUND_POLL_MAX
    started = time.monotonic()
    handled = 0
    with imap.open_mailbox(config) as box:
        uids = imap.pending_uids(box)
        todo = uids[:max_messages]
        batch_size = max(settings.INBOUND_FETCH_BATCH, 1)
        for start in range(0, len(todo), batch_size):
            if time_budget is not None and time.monotonic() - started > time_budget:
                break
            done = []
            for uid, raw in imap.fetch_raw(box, todo[start : start + batch_size]):
                _receive_or_hold(raw)
                done.append(uid)
            imap.mark_processed(box, done)
            handled += len(done)
    return PollResult(handled=handled, remaining=len(uids) - handled)
