"""Requests per minute per signed-in user and per anonymous client.

DRF's own throttles keep a list of timestamps in the cache: read it, check
it, write it back, so parallel calls all see the same list and pass
together. These count with the portal's atomic counter instead
(``core.ratelimit``: Redis when ``REDIS_URL`` is set, else the
database), in a fixed window that starts with the first call. Rates are
read from ``settings.API_THROTTLE_RATES`` on each call (DRF's own classes
freeze them at import), so a deployment or a test can change them.
"""

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from core.ratelimit import counter_take


class AtomicCountMixin:
    """``allow_request`` as one atomic increment whose result decides."""

    def get_rate(self) -> str:
        return settings.API_THROTTLE_RATES[self.scope]

    def allow_request(self, request, view) -> bool:
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        count = counter_take(self.key, period=self.duration)
        self.retry_after = count.retry_after
        return count.value <= self.num_requests

    def wait(self) -> float:
        """Seconds until the window that refused this call ends."""
        return float(self.retry_after)


class UserThrottle(AtomicCountMixin, UserRateThrottle):
    """Counts signed-in users only; anonymous calls are the AnonThrottle's."""

    scope = "user"

    def get_cache_key(self, request, view) -> str | None:
        if not (request.user and request.user.is_authenticated):
            return None
        return super().get_cache_key(request, view)


class AnonThrottle(AtomicCountMixin, AnonRateThrottle):
    scope = "anon"
