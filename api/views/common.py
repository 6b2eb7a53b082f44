"""Answers and helpers shared by the whole API."""

from django.conf import settings
from django.core.exceptions import ValidationError
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import NotFound, Throttled
from rest_framework.permissions import AllowAny
from rest_framework.views import APIView


@extend_schema(exclude=True)
class NotFoundView(APIView):
    """Every method on an unknown /api/v1/ path: 404 in the error shape."""

    permission_classes = [AllowAny]

    def http_method_not_allowed(self, request, *args, **kwargs):
        raise NotFound()

    def get(self, request, *args, **kwargs):
        raise NotFound()

    post = put = patch = delete = get


def account_throttled(error: ValidationError) -> Throttled:
    """A rate limit of the account flows (accounts.flows.TooManyAttempts) as a 429.

    The counters are fixed windows of ``ACCOUNTS_ACTIVATION_RATE_LIMIT``
    seconds, so a whole window is the honest Retry-After.
    """
    _limit, period = settings.ACCOUNTS_ACTIVATION_RATE_LIMIT
    return Throttled(wait=period, detail=error.message)
