"""Turn an outbox row into an RFC 5322 message with threading headers."""

import contextlib
import smtplib
import threading
import uuid
from email.utils import formataddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection

from .models import OutboxMail
from .rendering import NAME_MAX_LENGTH, SUBJECT_MAX_LENGTH, single_line


def message_id_domain() -> str:
    return settings.NOTIFICATIONS_MESSAGE_ID_DOMAIN


def new_message_id() -> str:
    """A globally unique Message-ID, fixed when the row is written.

    Every attempt (retry, sweep, resend) sends the same id, so a receiving
    server or client that sees it twice can tell it is one mail.
    """
    return f"<{uuid.uuid4().hex}@{message_id_domain()}>"


def thread_root_id(mail: OutboxMail) -> str | None:
    """The Message-ID of the first mail this recipient got in ``mail``'s thread, or None.

    Mail clients thread on In-Reply-To/References, and some (Gmail, Apple
    Mail) only join a thread whose root they hold: the root is the first
    mail of the request in the recipient's own inbox, not a made-up id. The
    first mail itself starts the thread (None). One indexed query per send.
    """
    root = (
        OutboxMail.objects.filter(thread_key=mail.thread_key, recipient_email=mail.recipient_email)
        .exclude(status=OutboxMail.Status.CANCELLED)
        .order_by("created_at", "id")
        .values_list("message_id", flat=True)
        .first()
    )
    return None if root in (None, mail.message_id) else root


class OutboxMessage(EmailMultiAlternatives):
    """Django's message, with parameters on a part's content type kept.

    ``text/calendar; method=REQUEST`` is how an iMIP client (Outlook, Gmail,
    Apple Mail) knows a part is an invitation; Django's own builder expects
    a bare type, so the parameters are split off and set on the part.
    """

    def _create_mime_attachment(self, content, mimetype):
        base, *params = (piece.strip() for piece in mimetype.split(";"))
        part = super()._create_mime_attachment(content, base)
        for param in params:
            name, _sep, value = param.partition("=")
            # Unquoted, as Outlook and Google write it (``method=REQUEST``).
            part.set_param(name.strip(), value.strip().strip('"'), requote=False)
        return part


def _list_unsubscribe_headers(mail: OutboxMail) -> dict[str, str]:
    """RFC 2369 + RFC 8058 headers: the mail's own list link, else an optional
    mail's link to the account's preference, else none."""
    if mail.list_unsubscribe:
        link = mail.list_unsubscribe
    elif mail.optional_kind and mail.user_id:
        from .unsubscribe import unsubscribe_url

        link = unsubscribe_url(user_id=mail.user_id, kind=mail.optional_kind)
    else:
        return {}
    return {
        "List-Unsubscribe": f"<{link}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def build_message(mail: OutboxMail, *, connection=None) -> EmailMultiAlternatives:
    """The message for ``mail``; user text reaches headers only as one line.

    Its body is ``multipart/alternative`` (text, HTML, and any attachment
    stored ``also_in_body``, e.g. the calendar invitation), wrapped in
    ``multipart/mixed`` with the attachments.
    """
    name = single_line(mail.recipient_name, max_length=NAME_MAX_LENGTH)
    to = formataddr((name, mail.recipient_email)) if name else mail.recipient_email
    headers = {
        "Message-ID": mail.message_id,
        "Auto-Submitted": "auto-generated",
        "X-Auto-Response-Suppress": "All",
        **_list_unsubscribe_headers(mail),
    }
    if mail.reply_to:
        headers["Reply-To"] = mail.reply_to
    if mail.thread_key:
        root = thread_root_id(mail)
        if root is not None:
            headers["In-Reply-To"] = root
            headers["References"] = root
    message = OutboxMessage(
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
        content = bytes(attachment.content)
        if attachment.also_in_body:
            message.attach_alternative(content.decode(), attachment.mimetype)
        message.attach(attachment.filename, content, attachment.mimetype)
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
