"""Requests per minute per signed-in user and per anonymous client.

DRF counts in the default cache, which is Redis when ``REDIS_URL`` is set, so
every web process shares the counts. Rates are read from
``settings.API_THROTTLE_RATES`` on each call (DRF's own classes freeze them
at import), so a deployment or a test can change them.
"""

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


class UserThrottle(UserRateThrottle):
    """Counts signed-in users only; anonymous calls are the AnonThrottle's."""

    scope = "user"

    def get_rate(self) -> str:
        return settings.API_THROTTLE_RATES[self.scope]

    def get_cache_key(self, request, view) -> str | None:
        if not (request.user and request.user.is_authenticated):
            return None
        return super().get_cache_key(request, view)


class AnonThrottle(AnonRateThrottle):
    scope = "anon"

    def get_rate(self) -> str:
        return settings.API_THROTTLE_RATES[self.scope]
