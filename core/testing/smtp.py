"""A real SMTP server on loopback (aiosmtpd) that keeps what it accepts.

Tests and benchmarks point a worker at it with ``EMAIL_URL=smtp://127.0.0.1:PORT``.
It can be stopped and started again on the same port (an SMTP outage), and
can hold a message in the DATA phase (to kill the sender mid-delivery).
"""

import asyncio
import logging
import threading
import time
from email import message_from_bytes, policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller

from .processes import free_port


class SmtpSink:
    """Accepts every mail; ``messages`` holds the parsed ones, in order."""

    def __init__(self, port: int | None = None) -> None:
        self.port = port or free_port()
        # aiosmtpd logs every SMTP command at INFO; that is noise here.
        logging.getLogger("mail.log").setLevel(logging.WARNING)
        self.messages: list[EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []
        self.release = threading.Event()
        self.release.set()
        self.data_started = threading.Event()
        self.refused: set[str] = set()  # recipients answered with 550
        self._lock = threading.Lock()
        self._controller: Controller | None = None

    # --- aiosmtpd handler hooks -----------------------------------------
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options) -> str:
        if address in self.refused:
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope) -> str:
        self.data_started.set()
        # While held, the message is not accepted yet; if the client dies
        # meanwhile aiosmtpd cancels this coroutine and nothing is kept,
        # as a real server discards a message it never acknowledged.
        while not self.release.is_set():
            await asyncio.sleep(0.02)
        message = message_from_bytes(envelope.content, policy=policy.default)
        with self._lock:
            self.messages.append(message)
            self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        return "250 Message accepted for delivery"

    # --- control -------------------------------------------------------------
    def start(self) -> "SmtpSink":
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def __enter__(self) -> "SmtpSink":
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.release.set()
        self.stop()

    @property
    def email_url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def message_ids(self) -> list[str]:
        with self._lock:
            return [str(message["Message-ID"]) for message in self.messages]

    def wait_for(self, count: int, *, timeout: float = 30.0) -> list[str]:
        """Wait until ``count`` mails arrived (or the timeout); return their ids."""
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return self.message_ids()
