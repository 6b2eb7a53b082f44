"""Sending SMS through a pluggable sender, chosen by ``ACCOUNTS_SMS_SENDER``.

The default writes each message to a file under ``DATA_DIR/sms`` and logs it,
so the demo and the tests need no provider. A real provider is a class with
the same ``send(*, to, text)`` method, named by its dotted path in the
setting; it reads its own credentials from settings.
"""

import logging
from datetime import datetime
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


class SmsSender(Protocol):
    def send(self, *, to: str, text: str) -> None: ...


class FileSmsSender:
    """Writes every SMS to ``DATA_DIR/sms/`` (one file each) and logs that it did."""

    def send(self, *, to: str, text: str) -> None:
        folder = Path(settings.DATA_DIR) / "sms"
        folder.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        (folder / f"{stamp}.txt").write_text(f"To: {to}\n\n{text}\n", encoding="utf-8")
        logger.info("SMS to …%s written to %s", to[-3:], folder)


class MemorySmsSender:
    """Keeps messages in ``MemorySmsSender.outbox`` (tests)."""

    outbox: list[tuple[str, str]] = []

    def send(self, *, to: str, text: str) -> None:
        self.outbox.append((to, text))


def send_sms(*, to: str, text: str) -> None:
    """Send ``text`` to ``to`` with the configured sender."""
    sender: SmsSender = import_string(settings.ACCOUNTS_SMS_SENDER)()
    sender.send(to=to, text=text)
