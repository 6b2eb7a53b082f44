"""The guest filing limit holds when many strangers file at the same instant."""

import uuid

import pytest

from core.testing.concurrency import Browser, all_at_once
from tickets.models import Ticket
from tickets.tests.factories import CategoryFactory
from tickets.tests.test_guest_views import _stranger_ip, guest_data

pytestmark = pytest.mark.django_db(transaction=True)


def test_thirty_simultaneous_guest_filings_save_only_the_limit(live_server, settings):
    settings.TICKETS_GUEST_RATE_LIMIT = (5, 3600)
    settings.TRUSTED_PROXY_COUNT = 1  # the address comes from X-Forwarded-For
    category = CategoryFactory()
    ip = _stranger_ip()
    run = uuid.uuid4().hex[:8]
    posts = [
        Browser(live_server.url, client_ip=ip).form_post(
            "/requests/new/", guest_data(category, email=f"race-{run}-{n}@example.net")
        )
        for n in range(30)
    ]
    statuses = all_at_once(posts)
    assert Ticket.objects.count() == 5
    assert statuses.count(302) == 5  # the others see the form again, with the message
    assert statuses.count(200) == 25
