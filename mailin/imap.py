"""The desk's IMAP mailbox, through imap-tools: connect, list new mail, fetch, mark.

``INBOUND_IMAP_URL`` names the mailbox: ``imaps://user:password@host:993/INBOX``
(TLS), ``imap+starttls://…:143/…`` or ``imap://…`` (plain, for a local server
only). With ``INBOUND_IMAP_AUTH=xoauth2`` the password is an OAuth2 access
token (Microsoft 365, Gmail).
"""

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from django.conf import settings
from imap_tools import BaseMailBox, MailBox, MailBoxStartTls, MailBoxUnencrypted

DEFAULT_PORTS = {"imaps": 993, "imap": 143, "imap+starttls": 143}
_UID = re.compile(rb"UID (\d+)")


@dataclass(frozen=True)
class ImapConfig:
    scheme: str
    host: str
    port: int
    user: str
    password: str
    folder: str


def imap_config(url: str | None = None) -> ImapConfig | None:
    """The parsed ``INBOUND_IMAP_URL``; None when mail in is off."""
    url = settings.INBOUND_IMAP_URL if url is None else url
    if not url:
        return None
    parts = urlsplit(url)
    if parts.scheme not in DEFAULT_PORTS:
        raise ValueError(f"INBOUND_IMAP_URL: unsupported scheme {parts.scheme!r}")
    return ImapConfig(
        scheme=parts.scheme,
        host=parts.hostname or "localhost",
        port=parts.port or DEFAULT_PORTS[parts.scheme],
        user=unquote(parts.username or ""),
        password=unquote(parts.password or ""),
        folder=unquote(parts.path.lstrip("/")) or "INBOX",
    )


@contextmanager
def open_mailbox(config: ImapConfig) -> Iterator[BaseMailBox]:
    timeout = settings.INBOUND_IMAP_TIMEOUT
    if config.scheme == "imaps":
        box = MailBox(config.host, config.port, timeout=timeout)
    elif config.scheme == "imap+starttls":
        box = MailBoxStartTls(config.host, config.port, timeout=timeout)
    else:
        box = MailBoxUnencrypted(config.host, config.port, timeout=timeout)
    if settings.INBOUND_IMAP_AUTH == "xoauth2":
        box.xoauth2(config.user, config.password, initial_folder=config.folder)
    else:
        box.login(config.user, config.password, initial_folder=config.folder)
    try:
        yield box
    finally:
        box.logout()


def pending_uids(box: BaseMailBox) -> list[str]:
    """UIDs of the messages not processed yet, oldest first."""
    if settings.INBOUND_PROCESSED_FOLDER:
        return box.uids("UNDELETED")
    return box.uids(f"UNDELETED UNKEYWORD {settings.INBOUND_PROCESSED_KEYWORD}")


def fetch_raw(box: BaseMailBox, uids: list[str]) -> list[tuple[str, bytes]]:
    """(uid, raw bytes) of ``uids`` in one command, without setting \\Seen."""
    if not uids:
        return []
    status, data = box.client.uid("FETCH", ",".join(uids), "(UID BODY.PEEK[])")
    if status != "OK":
        raise OSError(f"IMAP FETCH failed: {status} {data!r}")
    found = []
    for item in data:
        if isinstance(item, tuple) and len(item) == 2:
            match = _UID.search(item[0])
            if match:
                found.append((match.group(1).decode(), item[1]))
    return found


def mark_processed(box: BaseMailBox, uids: list[str]) -> None:
    """Flag \\Seen plus our keyword, or move to ``INBOUND_PROCESSED_FOLDER``.

    Called only after the database committed what the messages produced.
    """
    if not uids:
        return
    if settings.INBOUND_PROCESSED_FOLDER:
        box.move(uids, settings.INBOUND_PROCESSED_FOLDER)
    else:
        box.flag(uids, ["\\Seen", settings.INBOUND_PROCESSED_KEYWORD], True)
