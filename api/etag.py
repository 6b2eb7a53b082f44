"""ETag / If-None-Match for reads the app polls (category tree, one request).

The tag is a hash of the JSON the client would get, so it changes exactly
when what the client sees changes; a match answers 304 with no body.
"""

import hashlib
import json

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
