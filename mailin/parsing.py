"""Read a raw RFC 5322 message into what the desk needs, without side effects.

Everything here is pure: bytes in, a :class:`ParsedMail` out. The decisions
(hold, ignore, match) are made in ``services``; this module only says what
the mail is: who sent it, what it answers, whether a machine wrote it,
whether the receiving server distrusted it, its text with the quoted
history cut, and its attachments.
"""

import codecs
import functools
import hashlib
import html
import re
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from email.utils import parseaddr

MESSAGE_ID = re.compile(r"<[^<>\s]+>")
REFERENCE_TOKEN = re.compile(r"\[(SD-\d{4}-\d{6,})\]", re.IGNORECASE)
# Precedence values of list and robot mail (RFC 3834 section 3.1.8 and practice).
ROBOT_PRECEDENCE = {"bulk", "auto_reply", "list", "junk"}
ROBOT_SENDERS = {"mailer-daemon", "postmaster"}
AUTH_FAILED = re.compile(r"\b(dmarc|dkim|spf)\s*=\s*fail\b", re.IGNORECASE)


@functools.cache
def _reply_parser():
    """mail-parser-reply's parser, built on first use: only the mail-in worker parses
    replies, so a web worker never loads the library (nor its language tables)."""
    from mailparser_reply import EmailReplyParser

    return EmailReplyParser(languages=["nl", "en"])


# Attribution lines mail clients put above a quote, in Dutch and English.
_ATTRIBUTION = re.compile(
    r"^\s*(on|op|le|am)\b.{0,200}\b(wrote|schreef|heeft .* geschreven|a écrit|schrieb)\b.*:\s*$",
    re.IGNORECASE,
)
_SEPARATORS = re.compile(
    r"^\s*(-{2,}\s*(original message|oorspronkelijk bericht|origineel bericht)\s*-{2,}"
    r"|_{10,}|(from|van):\s.+@.+|(sent from my|verzonden (vanaf|met) mijn)\b.*)\s*$",
    re.IGNORECASE,
)


class Unreadable(Exception):
    """The message cannot be read; ``reason`` is an ``InboundMessage.Reason`` value."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


@dataclass
class Attachment:
    name: str
    content: bytes
    content_type: str


@dataclass
class ParsedMail:
    message_id: str
    sender_email: str
    sender_name: str
    subject: str
    referenced_ids: list[str]  # In-Reply-To first, then References, newest first
    reference_tokens: list[str]  # [SD-YYYY-NNNNNN] tokens in the subject
    body: str = ""  # the new text, quotes and signature cut
    full_text: str = ""
    attachments: list[Attachment] = field(default_factory=list)
    is_automatic: bool = False
    is_bounce: bool = False
    bounced_message_ids: list[str] = field(default_factory=list)
    auth_failed: str = ""


def fallback_message_id(raw: bytes) -> str:
    """A stable id for a mail without one, so fetching it again finds the same row."""
    return f"<sha256.{hashlib.sha256(raw).hexdigest()[:40]}@mailin.invalid>"


def message_ids(value: str | None) -> list[str]:
    return MESSAGE_ID.findall(str(value or ""))


def is_automatic(message: EmailMessage) -> bool:
    """Mail written by a machine: never answer it (RFC 3834, and common practice)."""
    auto_submitted = str(message.get("Auto-Submitted", "")).strip().lower()
    if auto_submitted and auto_submitted != "no":
        return True
    if str(message.get("Precedence", "")).strip().lower() in ROBOT_PRECEDENCE:
        return True
    # Old-style bounces: no report type, but from the mail system itself or a null sender.
    _name, sender = parseaddr(str(message.get("From", "")))
    if sender.split("@")[0].lower() in ROBOT_SENDERS:
        return True
    if str(message.get("Return-Path", "")).strip() == "<>":
        return True
    return any(
        header in message
        for header in ("X-Auto-Response-Suppress", "X-Autoreply", "X-Autorespond", "List-Id")
    )


def _bounced_ids(message: EmailMessage) -> list[str]:
    """The Message-IDs of the mails a delivery status notification reports on."""
    found: list[str] = []
    for part in message.walk():
        ctype = part.get_content_type()
        if ctype == "message/rfc822":
            for inner in part.iter_parts() if part.is_multipart() else []:
                found += message_ids(inner.get("Message-ID"))
        elif ctype == "text/rfc822-headers":
            payload = part.get_payload(decode=True) or b""
            headers = message_from_bytes(payload, policy=policy.default)
            found += message_ids(headers.get("Message-ID"))
    return list(dict.fromkeys(found))


def _check_charsets(message: EmailMessage) -> None:
    for part in message.walk():
        charset = part.get_content_charset()
        if charset:
            try:
                codecs.lookup(charset)
            except LookupError as exc:
                raise Unreadable("unknown_charset", f"unknown charset {charset!r}") from exc


def html_to_text(value: str) -> str:
    """Plain text of an HTML part: tags dropped by nh3, block ends kept as lines."""
    import nh3  # here, not at the top: only the mail-in worker parses mail

    value = re.sub(r"(?i)<\s*(br|/p|/div|/li|/tr|/h[1-6])\s*/?>", "\n", value)
    value = re.sub(r"(?is)<blockquote\b.*?</blockquote>", "\n", value)
    text = html.unescape(nh3.clean(value, tags=set()))
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def cut_quotes(text: str) -> str:
    """The new part of a reply: quoted history and signature cut.

    ``mail-parser-reply`` knows the Dutch and English headers of the common
    clients; what it leaves (a "> " block under an attribution line, an
    Outlook separator, a "-- " signature) is cut here.
    """
    text = text.replace("\r\n", "\n")
    cut = _reply_parser().parse_reply(text=text) or text
    lines = cut.split("\n")
    for index, line in enumerate(lines):
        rest = [rest_line for rest_line in lines[index + 1 :] if rest_line.strip()]
        if line.rstrip() == "--" or _SEPARATORS.match(line):
            lines = lines[:index]
            break
        if _ATTRIBUTION.match(line) and (not rest or rest[0].lstrip().startswith(">")):
            lines = lines[:index]
            break
        if line.lstrip().startswith(">") and all(r.lstrip().startswith(">") for r in rest):
            lines = lines[:index]
            break
    return "\n".join(lines).strip()


def _text_of(message: EmailMessage) -> str:
    body = message.get_body(preferencelist=("plain", "html"))
    if body is None:
        return ""
    content = body.get_content()
    if body.get_content_type() == "text/html":
        return html_to_text(content)
    return content


def _attachments(message: EmailMessage) -> list[Attachment]:
    found = []
    for part in message.iter_attachments():
        if part.get_content_maintype() in ("multipart", "message"):
            continue
        name = part.get_filename()
        if not name:
            if part.get_content_maintype() == "text":
                continue  # an unnamed text part is an alternative body, not a file
            name = "attachment"
        found.append(
            Attachment(
                name=name.replace("/", "_").replace("\\", "_")[:200],
                content=part.get_payload(decode=True) or b"",
                content_type=part.get_content_type(),
            )
        )
    return found


def parse(raw: bytes) -> ParsedMail:
    """Parse ``raw``; raises :class:`Unreadable` when it cannot be processed."""
    try:
        message = message_from_bytes(raw, policy=policy.default)
        _check_charsets(message)
        ids = message_ids(message.get("Message-ID"))
        message_id = ids[0][:255] if ids else fallback_message_id(raw)
        sender_name, sender_email = parseaddr(str(message.get("From", "")))
        # The sender is From, which DMARC aligns; Reply-To proves nothing.
        subject = " ".join(str(message.get("Subject", "")).split())[:255]
        referenced = message_ids(message.get("In-Reply-To")) + list(
            reversed(message_ids(message.get("References")))
        )
        auth_results = " ".join(str(v) for v in message.get_all("Authentication-Results", []))
        auth_failed = ", ".join(m.group(0) for m in AUTH_FAILED.finditer(auth_results))
        is_bounce = message.get_content_type() == "multipart/report"
        parsed = ParsedMail(
            message_id=message_id,
            sender_email=sender_email.strip().lower() if "@" in sender_email else "",
            sender_name=" ".join(sender_name.split())[:150],
            subject=subject,
            referenced_ids=list(dict.fromkeys(referenced)),
            reference_tokens=[t.upper() for t in REFERENCE_TOKEN.findall(subject)],
            is_automatic=is_automatic(message) or is_bounce,
            is_bounce=is_bounce,
            auth_failed=auth_failed,
        )
        if is_bounce:
            parsed.bounced_message_ids = _bounced_ids(message)
            return parsed
        parsed.full_text = _text_of(message)
        parsed.body = cut_quotes(parsed.full_text)
        parsed.attachments = _attachments(message)
        return parsed
    except Unreadable:
        raise
    except (LookupError, UnicodeError) as exc:
        raise Unreadable("unknown_charset", str(exc)) from exc
    except Exception as exc:  # the email package raises many kinds on broken input
        raise Unreadable("unparseable", f"{type(exc).__name__}: {exc}") from exc
