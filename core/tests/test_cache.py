"""The Redis cache answers a miss / no-op while Redis is unreachable.

Redis is made unreachable by stopping a TCP proxy in front of a private
``redis-server``, so its data survives the "outage", as it does when only the
network between the portal and Redis fails.
"""

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.contrib.sessions.backends.cached_db import SessionStore

from core.cache import TolerantRedisCache
from core.testing.processes import free_port, redis_server
from core.testing.proxy import proxy


@pytest.fixture
def redis_behind_proxy():
    """(a cache through the proxy, a cache straight to Redis, start/stop the proxy)."""
    with redis_server() as redis_port:
        proxy_port = free_port()
        options = {"OPTIONS": {"RETRY_AFTER": 0}, "KEY_PREFIX": "t"}
        through = TolerantRedisCache(f"redis://127.0.0.1:{proxy_port}/0", options)
        direct = TolerantRedisCache(f"redis://127.0.0.1:{redis_port}/0", options)

        @contextmanager
        def reachable() -> Iterator[None]:
            with proxy(redis_port, proxy_port):
                yield
            through._cache._pools.clear()  # connections through the proxy are dead

        yield through, direct, reachable


def test_reads_miss_and_writes_are_dropped_while_redis_is_unreachable(redis_behind_proxy):
    cache, direct, _reachable = redis_behind_proxy
    direct.set("kept", "value")
    assert cache.get("kept") is None
    assert cache.get("kept", "default") == "default"
    assert cache.get_many(["kept"]) == {}
    assert cache.has_key("kept") is False
    cache.set("new", "value")
    assert direct.get("new") is None


def test_counters_fail_open_while_redis_is_unreachable(redis_behind_proxy):
    """add() says stored and incr() counts from zero: limits let requests through."""
    cache, _direct, _reachable = redis_behind_proxy
    assert cache.add("ratelimit:lock", True) is True
    assert cache.incr("ratelimit:count") == 1
    assert cache.incr("ratelimit:count", 3) == 3


def test_keys_written_during_the_outage_are_invalidated_when_redis_returns(redis_behind_proxy):
    cache, direct, reachable = redis_behind_proxy
    with reachable():
        cache.set("session", "signed in")
        cache.set("other", "untouched")
        assert cache.get("session") == "signed in"
    cache.delete("session")  # e.g. a logout while Redis is unreachable
    cache.set("counter", 5)
    assert direct.get("session") == "signed in"  # Redis still has the old copy
    with reachable():
        assert cache.get("session") is None
        assert cache.get("other") == "untouched"
        assert direct.get("counter") is None


def test_a_failure_skips_redis_for_a_while(redis_behind_proxy, monkeypatch):
    cache, _direct, reachable = redis_behind_proxy
    cache.RETRY_AFTER = 60
    assert cache.get("key") is None  # fails, and opens the 60 s window
    with reachable():
        cache._cache._pools.clear()
        cache.set("key", "value")  # not even tried
        monkeypatch.setattr(cache, "_down_until", 0.0)
        assert cache.get("key") is None  # and invalidated once tried again


@pytest.mark.django_db
def test_a_logout_while_redis_is_unreachable_is_not_undone(redis_behind_proxy):
    """cached_db sessions: the old cached copy must not sign the user in again."""
    cache, _direct, reachable = redis_behind_proxy

    def store(key: str | None = None) -> SessionStore:
        session = SessionStore(session_key=key)
        session._cache = cache
        return session

    with reachable():
        session = store()
        session["user"] = "student"
        session.save()
        assert store(session.session_key).load() == {"user": "student"}
    session.delete()  # the logout: the database row goes, the cache delete is dropped
    with reachable():
        assert store(session.session_key).load() == {}
