"""/api/v1/status/: the public status board for the mobile app and the university website.

The same cached board as the status page (``servicestatus.selectors``): no
query while the board is cached, whatever the traffic.
"""

from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from servicestatus.selectors import status_board

from ..serializers.status import StatusBoardSerializer

_EXAMPLE = {
    "built_at": "2026-11-24T09:20:00+01:00",
    "services": [{"slug": "eduroam", "name": "Eduroam", "state": "outage"}],
    "current": [
        {
            "reference": "INC-00012",
            "kind": "incident",
            "impact": "outage",
            "title": "Eduroam is down in building A",
            "starts_at": "2026-11-24T09:02:00+01:00",
            "ends_at": None,
            "services": ["eduroam"],
            "affected_count": 41,
            "updates": [
                {
                    "created_at": "2026-11-24T09:15:02+01:00",
                    "body": "We are looking into it.",
                    "is_closing": False,
                }
            ],
        }
    ],
    "scheduled": [],
}


class StatusBoardView(APIView):
    """Every service's state, the current disruptions and the scheduled maintenance."""

    permission_classes = [AllowAny]
    authentication_classes: list = []

    @extend_schema(
        operation_id="status_board",
        responses={200: StatusBoardSerializer},
        examples=[
            OpenApiExample(
                "An outage of eduroam",
                value=_EXAMPLE,
                response_only=True,
                status_codes=["200"],
            )
        ],
        tags=["status"],
    )
    def get(self, request: Request) -> Response:
        return Response(StatusBoardSerializer(status_board()).data)
