"""The client address every rate limit counts by."""

import uuid

import pytest
from django.test import RequestFactory

from core.ratelimit import client_ip


def test_without_trusted_proxies_the_forwarded_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6")
    assert client_ip(request) == "10.0.0.1"


def test_behind_one_proxy_the_address_it_appended_counts(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 192.0.2.7"
    )
    # 6.6.6.6 was typed by the client itself; only the proxy's entry is believed.
    assert client_ip(request) == "192.0.2.7"


def test_a_short_forwarded_header_falls_back_to_the_peer(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.7")
    assert client_ip(request) == "10.0.0.1"


@pytest.mark.django_db
def test_an_address_limit_lets_one_address_try_many_identifiers_but_each_only_limit_times():
    from core.ratelimit import ratelimit_take

    action = f"test:{uuid.uuid4().hex}"
    request = RequestFactory().get("/", REMOTE_ADDR="10.9.8.7")

    def take(identifier: str) -> bool:
        return ratelimit_take(
            request, action=action, identifier=identifier, limit=2, period=60, address_limit=5
        )

    assert [take("a@example.org") for _ in range(3)] == [True, True, False]
    # The address has spent 3 of its 5: two more identifiers pass, the next does not.
    assert [take("b@example.org"), take("c@example.org"), take("d@example.org")] == [
        True,
        True,
        False,
    ]


@pytest.mark.django_db
def test_without_an_address_limit_the_address_gets_the_same_limit():
    from core.ratelimit import ratelimit_take

    action = f"test:{uuid.uuid4().hex}"
    request = RequestFactory().get("/", REMOTE_ADDR="10.9.8.6")
    results = [
        ratelimit_take(request, action=action, identifier=f"{n}@example.org", limit=2, period=60)
        for n in range(3)
    ]
    assert results == [True, True, False]
