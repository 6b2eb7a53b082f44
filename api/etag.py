"""ETag / If-None-Match for reads the app polls (category tree, one request).

The tag is a hash of the JSON the client would get, so it changes exactly
when what the client sees changes; a match answers 304 with no body.
"""

import hashlib
import json

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response


def etag_for(data) -> str:
    payload = json.dumps(data, sort_keys=True, default=str, separators=(",", ":")).encode()
    return '"' + hashlib.sha256(payload).hexdigest()[:32] + '"'


def _matches(header: str, tag: str) -> bool:
    candidates = {part.strip().removeprefix("W/") for part in header.split(",")}
    return "*" in candidates or tag in candidates


def conditional_response(request: Request, data) -> Response:
    """200 with an ETag, or 304 when the client already has this version."""
    tag = etag_for(data)
    header = request.headers.get("If-None-Match", "")
    if header and _matches(header, tag):
        response = Response(status=status.HTTP_304_NOT_MODIFIED)
    else:
        response = Response(data)
    response["ETag"] = tag
    response["Cache-Control"] = "private, no-cache"
    return response


# What a view answering through conditional_response declares in its schema:
# ``parameters=ETAG_PARAMETERS`` and ``**etag_responses(Serializer)`` in its responses.
ETAG_PARAMETERS = [
    OpenApiParameter(
        "If-None-Match",
        OpenApiTypes.STR,
        OpenApiParameter.HEADER,
        description="The ETag of the copy the app has; 304 with no body when it is still current.",
    ),
    OpenApiParameter(
        "ETag",
        OpenApiTypes.STR,
        OpenApiParameter.HEADER,
        response=[200, 304],
        description="The version of this answer; send it back as If-None-Match.",
    ),
]


def etag_responses(serializer) -> dict:
    """The 200 with its body and the 304 without one, for ``extend_schema(responses=...)``."""
    return {
        200: serializer,
        304: OpenApiResponse(
            description="Not modified: the copy named in If-None-Match is current."
        ),
    }
