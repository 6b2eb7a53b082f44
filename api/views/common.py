"""Answers shared by the whole API."""

from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import NotFound
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
