"""Fixtures for mail in: a category to file in, a generous sender limit, a real Dovecot."""

from collections.abc import Iterator

import pytest

from core.testing.imap import Dovecot, dovecot_available, dovecot_server


@pytest.fixture
def mail_category(db):
    from tickets.tests.factories import CategoryFactory

    return CategoryFactory(slug="mail-general")


@pytest.fixture(autouse=True)
def _mail_in_settings(settings) -> None:
    settings.INBOUND_CATEGORY = "mail-general"
    settings.INBOUND_SENDER_RATE_LIMIT = (10_000, 3600)


@pytest.fixture
def dovecot() -> Iterator[Dovecot]:
    """A private Dovecot on a loopback port (installed with apt-get when missing, as root)."""
    if not dovecot_available():
        pytest.skip(
            "Dovecot is not installed and cannot be installed here (apt-get install dovecot-imapd)"
        )
    with dovecot_server() as server:
        yield server
