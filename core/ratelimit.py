"""Fixed-window counters that count first and then decide, for every limit we own.

allauth limits its own views; the portal's own forms that a stranger can
post (activation, filing without an account, codes), the password login
(``accounts.ratelimit``), the tries on a mailed code and the API throttles
count here. A try is counted by one atomic increment whose result decides,
so parallel requests cannot all read "4 of 5" and pass together:

* with Redis (the default cache is ``RedisCache``) one Lua script
  increments the key and starts its window; every process shares it;
* otherwise (the embedded defaults: a file cache whose ``incr`` is a read
  and a write, not atomic across processes) a database upsert
  ``INSERT ... ON CONFLICT DO UPDATE SET count = count + 1 RETURNING count``
  on ``RateCounter``. The same road is taken when Redis does not answer,
  so a limit never turns into a 500 or an open door.
"""

import hashlib
import logging
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.db import connection
from django.http import HttpRequest

logger = logging.getLogger(__name__)

# INCR, and start the window if the key has none yet (a new key, or one
# left without expiry): atomic because Redis runs a script alone.
_REDIS_TAKE = """
local count = redis.call('INCR', KEYS[1])
local ttl = redis.call('TTL', KEYS[1])
if ttl < 0 then
    redis.call('EXPIRE', KEYS[1], ARGV[1])
    ttl = tonumber(ARGV[1])
end
return {count, ttl}
"""
# DECR only a live positive count: never create a key without expiry.
_REDIS_GIVE_BACK = """
local count = tonumber(redis.call('GET', KEYS[1]) or '0')
if count > 0 then
    return redis.call('DECR', KEYS[1])
end
return 0
"""


@dataclass(frozen=True)
class Count:
    """The tries counted in the current window, this one included, and when it ends."""

    value: int
    retry_after: int


def client_ip(request: HttpRequest) -> str:
    """The client's address, looking past ``TRUSTED_PROXY_COUNT`` reverse proxies.

    Behind a proxy every request comes from the proxy's address; counting
    that would let one stranger lock everyone out. Only the entries the
    trusted proxies appended are believed, so a client cannot forge its own.
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def counter_key(action: str, value: str) -> str:
    """A short key for counting ``value`` (an address, a number...) under ``action``."""
    return f"ratelimit:{action}:{hashlib.sha256(value.encode()).hexdigest()[:32]}"


def counter_take(key: str, *, period: int) -> Count:
    """Count one try on ``key``; a window of ``period`` seconds starts with the first."""
    period = max(1, int(period))
    if isinstance(caches["default"], RedisCache):
        try:
            count, ttl = _redis_run(_REDIS_TAKE, key, period)
            return Count(value=int(count), retry_after=max(1, int(ttl)))
        except _redis_errors() as error:
            logger.warning("Rate limits count in the database: Redis failed (%s)", error)
    return _database_take(key, period)


def counter_give_back(key: str) -> None:
    """Uncount one try on ``key`` (one that turned out right, such as the right password)."""
    if isinstance(caches["default"], RedisCache):
        try:
            _redis_run(_REDIS_GIVE_BACK, key)
            return
        except _redis_errors() as error:
            logger.warning("Rate limits count in the database: Redis failed (%s)", error)
    _database_give_back(key)


def _redis_run(script: str, key: str, *args: int):
    # Django's RedisCache has no atomic "increment and expire"; its client
    # (the documented redis-py client) runs the script under the cache's
    # key prefix and version, so the counters live beside allauth's.
    cache = caches["default"]
    full_key = cache.make_and_validate_key(key)
    client = cache._cache.get_client(full_key, write=True)
    return client.eval(script, 1, full_key, *args)


def _redis_errors() -> tuple[type[Exception], ...]:
    import redis

    return (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)


def _database_name(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _database_take(key: str, period: int) -> Count:
    """One upsert: a new or expired row starts at 1, a live one adds 1; the row decides.

    PostgreSQL locks the row for the conflicting update and SQLite writes
    one statement at a time, so no two tries can read the same count.
    """
    now = time.time()
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO servicedesk_ratecounter (name, count, expires_at) VALUES (%s, 1, %s)
            ON CONFLICT (name) DO UPDATE SET
                count = CASE WHEN servicedesk_ratecounter.expires_at <= %s THEN 1
                        ELSE servicedesk_ratecounter.count + 1 END,
                expires_at = CASE WHEN servicedesk_ratecounter.expires_at <= %s
                             THEN excluded.expires_at
                             ELSE servicedesk_ratecounter.expires_at END
            RETURNING count, expires_at
            """,
            [_database_name(key), now + period, now, now],
        )
        count, expires_at = cursor.fetchone()
    return Count(value=int(count), retry_after=max(1, int(expires_at - now + 0.999)))


def _database_give_back(key: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE servicedesk_ratecounter SET count = count - 1 "
            "WHERE name = %s AND count > 0 AND expires_at > %s",
            [_database_name(key), time.time()],
        )


def rate_counters_sweep() -> int:
    """Delete the database counters whose window has ended; how many went."""
    from .models import RateCounter

    deleted, _ = RateCounter.objects.filter(expires_at__lte=time.time()).delete()
    return deleted


def _keys(request: HttpRequest, *, action: str, identifier: str) -> list[str]:
    return [
        counter_key(action, f"ip:{client_ip(request)}"),
        counter_key(action, f"id:{identifier.lower()}"),
    ]


def ratelimit_take(
    request: HttpRequest,
    *,
    action: str,
    identifier: str,
    limit: int,
    period: int,
    address_limit: int | None = None,
) -> bool:
    """Count this try for the client's address and for ``identifier``; whether both allow it.

    Both counts go up even when one refuses, so a refused stranger keeps
    paying; the window of each starts with its first try. ``address_limit``
    (default: ``limit``) lets the client's address allow more than one
    identifier does: a campus behind a few NAT addresses shares them.
    """
    address_key, identifier_key = _keys(request, action=action, identifier=identifier)
    per_address = counter_take(address_key, period=period)
    per_identifier = counter_take(identifier_key, period=period)
    address_limit = limit if address_limit is None else address_limit
    return per_address.value <= address_limit and per_identifier.value <= limit


def ratelimit_give_back(request: HttpRequest, *, action: str, identifier: str) -> None:
    """Uncount a try that ``ratelimit_take`` allowed and that turned out right."""
    for key in _keys(request, action=action, identifier=identifier):
        counter_give_back(key)
