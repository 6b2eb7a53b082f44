"""What the OpenAPI schema says beyond what drf-spectacular sees by itself.

* our authentication class as an ``apiKey`` in the ``X-Session-Token`` header;
* the error shape (``ERROR_SCHEMA``, see api/exceptions.py) as the response of every 4xx an
  operation can answer, with an example per status, added by a post-processing
  hook so no view can forget one and schemathesis can hold every response to
  the schema;
* member names for enums (``x-enum-varnames``), so generated clients say
  ``ImpactEnum.JUST_ME`` instead of ``VALUE_1``;
* English, always: help texts and choice labels are translatable, and a schema
  that changed with the caller's Accept-Language would give a generated client
  different docstrings depending on who generated it.
"""

from enum import Enum

from django.conf import settings
from django.utils import translation
from django.utils.module_loading import import_string
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.generators import SchemaGenerator


class EnglishSchemaGenerator(SchemaGenerator):
    """drf-spectacular's generator, rendering every description in English."""

    def get_schema(self, request=None, public=False):
        with translation.override("en"):
            return super().get_schema(request=request, public=public)


class SessionTokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.SessionTokenAuthentication"
    name = "sessionToken"

    def get_security_definition(self, auto_schema) -> dict:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "X-Session-Token",
            "description": (
                "The session token from allauth's headless app login "
                "(POST /_allauth/app/v1/auth/login or /auth/code/confirm)."
            ),
        }


ERROR_STATUSES = {
    "400": "The input is not valid (code validation_error or parse_error).",
    "401": (
        "No valid X-Session-Token: not_authenticated (no token sent), invalid_token (the "
        "token is unknown or its session ended: log in again) or mfa_required."
    ),
    "403": "Signed in but not allowed (permission_denied, aup_not_accepted, consent_required).",
    "404": "Not found, or not yours (the API never says which).",
    "405": "Method not allowed.",
    "406": "Not acceptable: the API answers JSON.",
    "415": "Unsupported media type.",
    "429": "Too many requests; the Retry-After header says after how many seconds to retry.",
}


def _error(code: str, message: str, fields: dict | None = None) -> dict:
    return {"code": code, "message": message, "fields": fields or {}}


# One example answer per status, so the docs show what the app will parse.
ERROR_EXAMPLES = {
    "400": _error(
        "validation_error",
        "The input is not valid; see the errors per field.",
        {"subject": [{"code": "required", "message": "This field is required."}]},
    ),
    "401": _error("not_authenticated", "Authentication credentials were not provided."),
    "403": _error(
        "aup_not_accepted",
        "Accept the current Acceptable Use Policy first (GET and POST /api/v1/aup/).",
    ),
    "404": _error("not_found", "Not found."),
    "405": _error("method_not_allowed", 'Method "PUT" not allowed.'),
    "406": _error("not_acceptable", "Could not satisfy the request Accept header."),
    "415": _error("unsupported_media_type", 'Unsupported media type "text/plain" in request.'),
    "429": _error("throttled", "Request was throttled. Expected available in 42 seconds."),
}


ERROR_SCHEMA = {
    "type": "object",
    "description": "Every 4xx answer of the API has this shape.",
    "properties": {
        "code": {"type": "string", "description": "Machine-readable reason."},
        "message": {
            "type": "string",
            "description": "For people, in the asked language.",
        },
        "fields": {
            "type": "object",
            "description": "Errors per input field; non_field_errors for the input as a whole.",
            "additionalProperties": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {"code": {"type": "string"}, "message": {"type": "string"}},
                    "required": ["code", "message"],
                },
            },
        },
    },
    "required": ["code", "message", "fields"],
    "example": {
        "code": "validation_error",
        "message": "The input is not valid; see the errors per field.",
        "fields": {"subject": [{"code": "required", "message": "This field is required."}]},
    },
}


def add_error_responses(result: dict, generator, request, public) -> dict:
    """Post-processing hook: the Error component and every 4xx on every operation."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    ref = {"$ref": "#/components/schemas/Error"}
    for path_item in result.get("paths", {}).values():
        for operation in path_item.values():
            responses = operation.setdefault("responses", {})
            for status_code, description in ERROR_STATUSES.items():
                content = {"schema": ref, "example": ERROR_EXAMPLES[status_code]}
                responses.setdefault(
                    status_code,
                    {"content": {"application/json": content}, "description": description},
                )
            if "429" in responses:
                responses["429"].setdefault("headers", {})["Retry-After"] = {
                    "schema": {"type": "integer"},
                    "description": "Seconds to wait before the next call.",
                }
    return result


def add_enum_varnames(result: dict, generator, request, public) -> dict:
    """Post-processing hook: ``x-enum-varnames`` for every enum named in ENUM_NAME_OVERRIDES.

    openapi-python-client and openapi-typescript name enum members after the
    values, which for integer choices gives ``VALUE_1``; the choices' own
    member names (``JUST_ME``) say what the value means.
    """
    schemas = result.get("components", {}).get("schemas", {})
    for component, dotted in settings.SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"].items():
        choices = import_string(dotted)
        enum = schemas.get(component)
        if enum is None or not (isinstance(choices, type) and issubclass(choices, Enum)):
            continue
        names = {member.value: member.name for member in choices}
        enum["x-enum-varnames"] = [names[value] for value in enum["enum"]]
    return result
