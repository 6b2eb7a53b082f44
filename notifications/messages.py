"""Turn an outbox row into an RFC 5322 message with threading headers."""

import contextlib
import hashlib
import re
import smtplib
import threading
import uuid
from email.utils import formataddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection

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
    if mail.reply_to:
        headers["Reply-To"] = mail.reply_to
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
    for attachment in mail.attachments.all():
        message.attach(attachment.filename, bytes(attachment.content), attachment.mimetype)
    return message


_local = threading.local()


def _settings_key() -> tuple:
    return (
        settings.EMAIL_BACKEND,
        settings.EMAIL_HOST,
        settings.EMAIL_PORT,
        settings.EMAIL_HOST_USER,
    )


def _open_connection():
    connection = get_connection(fail_silently=False)
    connection.open()
    _local.connection = connection
    _local.key = _settings_key()
    return connection


def _kept_connection():
    """This thread's open connection, unless the mail settings changed since."""
    connection = getattr(_local, "connection", None)
    if connection is not None and getattr(_local, "key", None) != _settings_key():
        close_connection()
        return None
    return connection


def close_connection() -> None:
    """Drop this thread's mail connection (after an error, or at shutdown)."""
    connection = getattr(_local, "connection", None)
    _local.connection = None
    if connection is not None:
        # Closing a broken connection may fail too; it is gone either way.
        with contextlib.suppress(Exception):
            connection.close()


def send_message(mail: OutboxMail) -> None:
    """Send ``mail`` over this worker thread's open SMTP connection.

    Opening a connection (TCP, EHLO, STARTTLS, AUTH) costs more than sending
    a mail, so each worker thread keeps one. If the server dropped it while
    idle, one fresh connection is tried at once; any other error closes it
    and propagates, so the next attempt starts clean.
    """
    connection = _kept_connection()
    reused = connection is not None
    try:
        build_message(mail, connection=connection or _open_connection()).send()
    except smtplib.SMTPServerDisconnected:
        close_connection()
        if not reused:
            raise
        try:
            build_message(mail, connection=_open_connection()).send()
        except Exception:
            close_connection()
            raise
    except Exception:
        close_connection()
        raise
