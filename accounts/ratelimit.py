"""Wrong tries on our own account flows, limited by ACCOUNTS_ACTIVATION_RATE_LIMIT.

allauth limits its own views; the activation pages are ours, so they get the
same kind of protection through the project's shared counter.
"""

from django.conf import settings
from django.http import HttpRequest

from servicedesk import ratelimit


def ratelimit_exceeded(request: HttpRequest, *, action: str, identifier: str) -> bool:
    """Whether the client or the identifier already used up its wrong tries."""
    limit, _period = settings.ACCOUNTS_ACTIVATION_RATE_LIMIT
    return ratelimit.ratelimit_exceeded(
        request, action=f"accounts:{action}", identifier=identifier, limit=limit
    )


def ratelimit_hit(request: HttpRequest, *, action: str, identifier: str) -> None:
    """Count one wrong try for the client and the identifier."""
    _limit, period = settings.ACCOUNTS_ACTIVATION_RATE_LIMIT
    ratelimit.ratelimit_hit(
        request, action=f"accounts:{action}", identifier=identifier, period=period
    )
