"""A small fixed-window counter in the shared cache for our own account flows.

allauth limits its own views; the activation pages are ours, so they get the
same kind of protection here: a few wrong tries per IP and per identifier,
counted in the default cache (Redis in production) so all web processes share
the count.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def _key(action: str, value: str) -> str:
    digest = hashlib.sha256(value.encode()).hexdigest()[:32]
    return f"accounts:rl:{action}:{digest}"


def ratelimit_exceeded(request: HttpRequest, *, action: str, identifier: str) -> bool:
    """Whether the client or the identifier already used up its wrong tries."""
    limit, _period = settings.ACCOUNTS_ACTIVATION_RATE_LIMIT
    ip = request.META.get("REMOTE_ADDR", "")
    keys = [_key(action, f"ip:{ip}"), _key(action, f"id:{identifier.lower()}")]
    return any((cache.get(key) or 0) >= limit for key in keys)


def ratelimit_hit(request: HttpRequest, *, action: str, identifier: str) -> None:
    """Count one wrong try for the client and the identifier."""
    _limit, period = settings.ACCOUNTS_ACTIVATION_RATE_LIMIT
    ip = request.META.get("REMOTE_ADDR", "")
    for key in (_key(action, f"ip:{ip}"), _key(action, f"id:{identifier.lower()}")):
        if cache.add(key, 1, timeout=period):
            continue
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, timeout=period)
