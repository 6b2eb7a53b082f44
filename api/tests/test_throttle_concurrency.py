"""The API throttle holds when many calls arrive at the same instant."""

import uuid

import pytest

from core.testing.concurrency import Browser, all_at_once

pytestmark = pytest.mark.django_db(transaction=True)


def test_thirty_simultaneous_anonymous_calls_pass_only_the_rate(live_server, settings):
    settings.API_THROTTLE_RATES = {"user": "240/min", "anon": "5/min"}
    settings.TRUSTED_PROXY_COUNT = 1
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    value = uuid.uuid4().int
    ip = f"10.{value % 250}.{value // 250 % 250}.{value // 62500 % 250 + 1}"
    calls = [Browser(live_server.url, client_ip=ip).json_get("/api/v1/kb/search/?q=wifi")
             for _ in range(30)]  # fmt: skip
    statuses = all_at_once(calls)
    assert statuses.count(429) == 25
    assert statuses.count(200) == 5
