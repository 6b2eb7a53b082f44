"""Raw mails as mail clients and servers write them, for the tests and the benchmark."""

import uuid
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from django.utils import timezone

from notifications.models import OutboxMail

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def new_mail(
    *,
    sender: str = "Nieuwe Student <new.student@example.net>",
    subject: str = "Wifi werkt niet",
    text: str = "Hallo, de wifi in blok B werkt niet.",
    html: str | None = None,
    headers: dict[str, str] | None = None,
    attachments: list[tuple[str, bytes, str]] = (),
    message_id: str | None = None,
) -> bytes:
    """A mail as a client sends it: text, optional HTML alternative, attachments."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = "servicedesk@example.org"
    message["Subject"] = subject
    message["Date"] = format_datetime(timezone.now())
    message["Message-ID"] = message_id or make_msgid(
        idstring=uuid.uuid4().hex[:8], domain="mail.example.net"
    )
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(text)
    if html is not None:
        message.add_alternative(html, subtype="html")
    for name, content, ctype in attachments:
        maintype, subtype = ctype.split("/")
        message.add_attachment(content, maintype=maintype, subtype=subtype, filename=name)
    return message.as_bytes()


def reply_to(
    outbox_mail: OutboxMail,
    *,
    sender: str,
    text: str,
    quoted: str | None = None,
    html: bool = True,
    attachments: list[tuple[str, bytes, str]] = (),
    threading: bool = True,
) -> bytes:
    """A reply from a mail client: Re: subject, In-Reply-To/References, the quote below."""
    quote = quoted if quoted is not None else outbox_mail.body_text
    quoted_text = "\n".join(f"> {line}" for line in quote.splitlines())
    plain = (
        f"{text}\n\nOn Mon, 30 Nov 2026 at 10:00, Servicedesk <servicedesk@example.org> wrote:\n"
        f"{quoted_text}\n"
    )
    html_body = None
    if html:
        paragraphs = "".join(f"<p>{line}</p>" for line in text.split("\n\n"))
        html_body = (
            f"<html><body>{paragraphs}<div class='gmail_quote'>On Mon, 30 Nov 2026 at 10:00, "
            f"Servicedesk wrote:<blockquote>{quote}</blockquote></div></body></html>"
        )
    headers = {}
    if threading:
        headers = {"In-Reply-To": outbox_mail.message_id, "References": outbox_mail.message_id}
    return new_mail(
        sender=sender,
        subject=f"Re: {outbox_mail.subject}",
        text=plain,
        html=html_body,
        headers=headers,
        attachments=attachments,
    )


def out_of_office(*, sender: str, subject: str) -> bytes:
    return new_mail(
        sender=sender,
        subject=f"Automatisch antwoord: {subject}",
        text="Ik ben afwezig tot maandag.",
        headers={"Auto-Submitted": "auto-replied", "X-Auto-Response-Suppress": "All"},
    )


def bounce(*, of: OutboxMail) -> bytes:
    """A delivery status notification (RFC 3464) as a mail server writes it."""
    return (
        "From: Mail Delivery System <MAILER-DAEMON@mx.example.net>\r\n"
        "To: servicedesk@example.org\r\n"
        "Subject: Undelivered Mail Returned to Sender\r\n"
        f"Message-ID: <{uuid.uuid4().hex}@mx.example.net>\r\n"
        "Auto-Submitted: auto-replied\r\n"
        "MIME-Version: 1.0\r\n"
        'Content-Type: multipart/report; report-type=delivery-status; boundary="B"\r\n'
        "\r\n--B\r\nContent-Type: text/plain\r\n\r\nThe mail could not be delivered.\r\n"
        "--B\r\nContent-Type: message/delivery-status\r\n\r\n"
        "Reporting-MTA: dns; mx.example.net\r\n\r\n"
        f"Final-Recipient: rfc822; {of.recipient_email}\r\nAction: failed\r\nStatus: 5.1.1\r\n"
        "\r\n--B\r\nContent-Type: text/rfc822-headers\r\n\r\n"
        f"Message-ID: {of.message_id}\r\nSubject: {of.subject}\r\n"
        "\r\n--B--\r\n"
    ).encode()
