"""Turn an outbox row into an RFC 5322 message with threading headers."""

import hashlib
import re
import uuid
from email.utils import formataddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives

from .models import OutboxMail
from .rendering import NAME_MAX_LENGTH, SUBJECT_MAX_LENGTH, single_line

_SAFE_THREAD_TOKEN = re.compile(r"[A-Za-z0-9._-]{1,64}")


def message_id_domain() -> str:
    return settings.NOTIFICATIONS_MESSAGE_ID_DOMAIN


def new_message_id() -> str:
    """A globally unique Message-ID, fixed when the row is written.

    Every attempt (retry, sweep, resend) sends the same id, so a receiving
    server or client that sees it twice can tell it is one mail.
    """
    return f"<{uuid.uuid4().hex}@{message_id_domain()}>"


def thread_message_id(thread_key: str) -> str:
    """The virtual thread root every mail of ``thread_key`` replies to.

    Mail clients thread on In-Reply-To/References; pointing all mails of a
    request at one stable id threads them without looking up earlier mails.
    Keys that are not plain tokens are hashed so they cannot shape a header.
    """
    if _SAFE_THREAD_TOKEN.fullmatch(thread_key):
        token = thread_key
    else:
        token = hashlib.sha256(thread_key.encode()).hexdigest()[:32]
    return f"<thread.{token}@{message_id_domain()}>"


def build_message(mail: OutboxMail, *, connection=None) -> EmailMultiAlternatives:
    """The message for ``mail``; user text reaches headers only as one line."""
    name = single_line(mail.recipient_name, max_length=NAME_MAX_LENGTH)
    to = formataddr((name, mail.recipient_email)) if name else mail.recipient_email
    headers = {
        "Message-ID": mail.message_id,
        "Auto-Submitted": "auto-generated",
        "X-Auto-Response-Suppress": "All",
    }
    if mail.thread_key:
        root = thread_message_id(mail.thread_key)
        headers["In-Reply-To"] = root
        headers["References"] = root
    message = EmailMultiAlternatives(
        subject=single_line(mail.subject, max_length=SUBJECT_MAX_LENGTH),
        body=mail.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        headers=headers,
        connection=connection,
    )
    if mail.body_html:
        message.attach_alternative(mail.body_html, "text/html")
    return message
