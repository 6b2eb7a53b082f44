"""Answers and helpers shared by the whole API."""

from django.conf import settings
from django.core.exceptions import ValidationError
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import NotFound, Throttled
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
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


class FileAnswerMixin:
    """For views that answer a file: their errors are still JSON in the error shape.

    The renderer chosen for the file (by Accept) cannot render an error body,
    so an exception switches the answer back to JSON, whatever was asked for.
    """

    def handle_exception(self, exc):
        response = super().handle_exception(exc)
        self.request.accepted_renderer = JSONRenderer()
        self.request.accepted_media_type = JSONRenderer.media_type
        return response
