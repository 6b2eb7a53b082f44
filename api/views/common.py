"""Answers and helpers shared by the whole API."""

from django.conf import settings
from django.core.exceptions import ValidationError
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import NotFound, ParseError, Throttled
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
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


def form_data(request: Request):
    """The body as a mapping a Django form can read; a JSON list or scalar is a 400."""
    if not hasattr(request.data, "get"):
        raise ParseError()
    return request.data


def form_validated(form) -> dict:
    """The portal's form decides; its errors become the API's field errors."""
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    return form.cleaned_data


def account_throttled(error: ValidationError) -> Throttled:
    """A rate limit of the account flows (accounts.flows.TooManyAttempts) as a 429.

    The counters are fixed windows of ``ACCOUNTS_ACTIVATION_RATE_LIMIT``
    seconds, so a whole window is the honest Retry-After.
    """
    _limit, period = settings.ACCOUNTS_ACTIVATION_RATE_LIMIT
    return Throttled(wait=period, detail=error.message)
