"""A fixed-window counter in the shared cache, for our own forms.

allauth limits its own views; the portal's own forms that a stranger can
post (activation, filing without an account) count tries per client address
and per identifier here. The default cache is Redis in production, so all
web processes share the count.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


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


def _keys(request: HttpRequest, *, action: str, identifier: str) -> list[str]:
    ip = client_ip(request)
    values = (f"ip:{ip}", f"id:{identifier.lower()}")
    return [
        f"ratelimit:{action}:{hashlib.sha256(value.encode()).hexdigest()[:32]}" for value in values
    ]


def ratelimit_exceeded(request: HttpRequest, *, action: str, identifier: str, limit: int) -> bool:
    """Whether the client or the identifier already used up ``limit`` tries."""
    return any(
        (cache.get(key) or 0) >= limit
        for key in _keys(request, action=action, identifier=identifier)
    )


def ratelimit_hit(request: HttpRequest, *, action: str, identifier: str, period: int) -> None:
    """Count one try for the client and the identifier, for ``period`` seconds."""
    for key in _keys(request, action=action, identifier=identifier):
        if cache.add(key, 1, timeout=period):
            continue
        try:
            cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.set(key, 1, timeout=period)
