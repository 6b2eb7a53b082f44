"""Fixtures for the outbox tests: a real SMTP sink and a clean queue."""

from collections.abc import Iterator

import pytest

from servicedesk.celery import app as celery_app
from servicedesk.testing.smtp import SmtpSink


@pytest.fixture
def smtp_sink() -> Iterator[SmtpSink]:
    with SmtpSink() as sink:
        yield sink


@pytest.fixture
def smtp_backend(settings, smtp_sink) -> SmtpSink:
    """Send from the test process itself through real SMTP into the sink."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = smtp_sink.port
    settings.EMAIL_TIMEOUT = 5
    return smtp_sink


@pytest.fixture
def empty_queue() -> None:
    """Drop delivery messages earlier tests left for rows that no longer exist."""
    celery_app.control.purge()
