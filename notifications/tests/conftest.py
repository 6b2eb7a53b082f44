"""Fixtures for the outbox tests: a real SMTP sink and a clean queue."""

from collections.abc import Iterator

import pytest

from core.testing.broker import purge_queue
from core.testing.smtp import SmtpSink
from notifications.messages import close_connection


@pytest.fixture
def smtp_sink() -> Iterator[SmtpSink]:
    with SmtpSink() as sink:
        yield sink


@pytest.fixture
def smtp_backend(settings, smtp_sink) -> Iterator[SmtpSink]:
    """Send from the test process itself through real SMTP into the sink."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = smtp_sink.port
    settings.EMAIL_TIMEOUT = 5
    yield smtp_sink
    close_connection()


@pytest.fixture
def empty_queue() -> None:
    """Drop delivery messages earlier tests left for rows that no longer exist."""
    purge_queue()
