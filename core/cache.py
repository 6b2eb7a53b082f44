"""A Redis cache that lets the portal keep working while Redis is down.

One ``REDIS_URL`` serves the cache, the session cache, every rate limit and
throttle, and the Celery broker. Django's ``RedisCache`` raises on a refused
connection, so a Redis outage used to turn filing, login and search into
500s. This backend answers instead as if Redis had forgotten everything:

* reads are misses (``get`` returns the default, ``get_many`` nothing);
* writes are dropped; ``add`` says "stored" and ``incr`` counts from zero,
  so counters built on them (allauth's rate limits and its lock, DRF's
  throttles, the portal's own limits, the TOTP replay guard) let the request
  through: during an outage limits fail open, on purpose, rather than
  refusing every login and filing. Each degraded call is logged (WARNING).
* every key written or deleted during the outage is remembered and deleted
  as soon as Redis answers again, so nothing stale survives: a session
  ended while Redis was down (cached_db) is not brought back by its old copy.

After a failure the backend does not try Redis again for ``RETRY_AFTER``
seconds (a blackholed host would otherwise cost a connect timeout per call).
"""

import logging
import threading
import time
from collections.abc import Callable, Iterable
from functools import partial
from typing import Any, TypeVar

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

T = TypeVar("T")

UNAVAILABLE = (RedisConnectionError, RedisTimeoutError)


class ReusingRedisCacheClient(RedisCacheClient):
    """Django's client, keeping one ``redis.Redis`` per connection pool.

    Django's ``get_client`` wraps the pool in a new ``redis.Redis`` on every
    cache call; a page makes several (session, theme, AUP gate), and building
    the client cost more than the round trip to Redis (issue 23). A client
    is only a thin, thread-safe handle on its pool, so one per pool serves
    every call; after a fork the pool itself reconnects (redis-py checks the pid).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: str | None = None, *, write: bool = False) -> Any:
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            pool = self._get_connection_pool(write)
            client = self._clients.setdefault(index, self._client(connection_pool=pool))
        return client


class TolerantRedisCache(RedisCache):
    """``RedisCache`` that degrades to a miss / no-op on connection errors."""

    # Seconds without trying Redis after a failed call.
    RETRY_AFTER = 2.0
    # Keys remembered for invalidation; beyond this the oldest are dropped
    # (and the log says so), which bounds memory in a long outage.
    MAX_PENDING = 100_000

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        options = dict(params.get("OPTIONS", {}))
        self.RETRY_AFTER = float(options.pop("RETRY_AFTER", self.RETRY_AFTER))
        # Fail fast: a cache that waits long for an absent server is worse than none.
        options.setdefault("socket_connect_timeout", 1.0)
        options.setdefault("socket_timeout", 2.0)
        super().__init__(server, {**params, "OPTIONS": options})
        self._class = ReusingRedisCacheClient
        self._lock = threading.Lock()
        self._down_until = 0.0
        self._pending: dict[str, None] = {}  # insertion-ordered set of raw keys

    # --- the guard --------------------------------------------------------------
    def _call(self, operation: str, call: Callable[[], T], fallback: T, written: Iterable) -> T:
        """Run ``call`` against Redis, or answer ``fallback`` while it is unreachable."""
        written = list(written)
        if time.monotonic() < self._down_until:
            self._remember(written)
            return fallback
        try:
            self._invalidate_pending()
            return call()
        except UNAVAILABLE:
            self._down_until = time.monotonic() + self.RETRY_AFTER
            self._remember(written)
            logger.warning(
                "cache: Redis unreachable; %s answered as a miss/no-op", operation, exc_info=True
            )
            return fallback

    def _remember(self, raw_keys: list[str]) -> None:
        if not raw_keys:
            return
        with self._lock:
            for key in raw_keys:
                self._pending[key] = None
            overflow = len(self._pending) - self.MAX_PENDING
            if overflow > 0:
                for key in list(self._pending)[:overflow]:
                    del self._pending[key]
                logger.error("cache: %s keys written during the outage not invalidated", overflow)

    def _invalidate_pending(self) -> None:
        """Delete what was written or deleted while Redis was down (raises if still down)."""
        if not self._pending:
            return
        with self._lock:
            keys = list(self._pending)
        self._cache.delete_many(keys)
        with self._lock:
            for key in keys:
                self._pending.pop(key, None)
        logger.info("cache: Redis is back; invalidated %s keys written meanwhile", len(keys))

    def _raw(self, key: str, version: int | None) -> str:
        return self.make_and_validate_key(key, version=version)

    # --- the cache API ----------------------------------------------------------
    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None) -> bool:
        return self._call(
            "add",
            partial(super().add, key, value, timeout, version),
            True,
            [self._raw(key, version)],
        )

    def get(self, key, default=None, version=None):
        return self._call("get", partial(super().get, key, default, version), default, [])

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None) -> None:
        self._call(
            "set",
            partial(super().set, key, value, timeout, version),
            None,
            [self._raw(key, version)],
        )

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None) -> bool:
        return self._call("touch", partial(super().touch, key, timeout, version), False, [])

    def delete(self, key, version=None) -> bool:
        return self._call(
            "delete", partial(super().delete, key, version), False, [self._raw(key, version)]
        )

    def get_many(self, keys, version=None) -> dict:
        return self._call("get_many", partial(super().get_many, keys, version), {}, [])

    def has_key(self, key, version=None) -> bool:
        return self._call("has_key", partial(super().has_key, key, version), False, [])

    def incr(self, key, delta=1, version=None) -> int:
        return self._call(
            "incr", partial(super().incr, key, delta, version), delta, [self._raw(key, version)]
        )

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None) -> list:
        return self._call(
            "set_many",
            partial(super().set_many, data, timeout, version),
            [],
            [self._raw(key, version) for key in data],
        )

    def delete_many(self, keys, version=None) -> None:
        keys = list(keys)
        self._call(
            "delete_many",
            partial(super().delete_many, keys, version),
            None,
            [self._raw(key, version) for key in keys],
        )

    def clear(self) -> bool:
        return self._call("clear", partial(super().clear), False, [])

    # --- counters added up in Redis (core.buffered_counts) ----------------------
    def hash_add(self, key: str, field: str, amount: int = 1, version=None) -> bool:
        """``HINCRBY``: True once counted; False while Redis is unreachable."""
        raw = self._raw(key, version)

        def add() -> bool:
            self._cache.get_client(raw, write=True).hincrby(raw, field, amount)
            return True

        return self._call("hash_add", add, False, [])

    def hash_take(self, key: str, version=None) -> dict[str, int]:
        """Read and delete a hash at once (``MULTI``: HGETALL, DEL); ``{}`` while unreachable.

        What is added after the take starts a new hash, so two takers never
        both get a count.
        """
        raw = self._raw(key, version)

        def take() -> dict[str, int]:
            pipeline = self._cache.get_client(raw, write=True).pipeline(transaction=True)
            pipeline.hgetall(raw)
            pipeline.delete(raw)
            values, _deleted = pipeline.execute()
            return {field.decode(): int(count) for field, count in values.items()}

        return self._call("hash_take", take, {}, [])
