"""One shape for every error the API answers (4xx)::

    {"code": "validation_error",
     "message": "Controleer de gemarkeerde velden.",
     "fields": {"subject": [{"code": "required", "message": "Dit veld is verplicht."}]}}

``code`` is stable and meant for the app's logic; ``message`` is for people,
in the language of ``Accept-Language``; ``fields`` holds errors per input
field (``non_field_errors`` for the whole input) and is empty otherwise.
A domain ``ValidationError`` raised by a service gets the same treatment as
a serializer's, so a rule lives once, in the service.
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

NON_FIELD = "non_field_errors"


class AupNotAccepted(exceptions.PermissionDenied):
    default_code = "aup_not_accepted"

    def __init__(self) -> None:
        super().__init__(
            _("Accept the current Acceptable Use Policy first (GET and POST /api/v1/aup/).")
        )


class ConsentRequired(exceptions.PermissionDenied):
    default_code = "consent_required"

    def __init__(self) -> None:
        super().__init__(
            _(
                "Agree to the use of your profile data first "
                "(GET and POST /api/v1/profile/consent/)."
            )
        )


def _flatten(detail, prefix: str = "") -> dict[str, list[dict[str, str]]]:
    """DRF's nested error detail as ``{"field" or "parent.child": [{code, message}]}``."""
    fields: dict[str, list[dict[str, str]]] = {}
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            for sub, errors in _flatten(value, name).items():
                fields.setdefault(sub, []).extend(errors)
    elif isinstance(detail, list):
        for index, value in enumerate(detail):
            if isinstance(value, dict | list) and not isinstance(value, exceptions.ErrorDetail):
                for sub, errors in _flatten(value, f"{prefix}.{index}").items():
                    fields.setdefault(sub, []).extend(errors)
            else:
                fields.setdefault(prefix or NON_FIELD, []).append(_one(value))
    else:
        fields.setdefault(prefix or NON_FIELD, []).append(_one(detail))
    return fields


def _one(value) -> dict[str, str]:
    return {"code": str(getattr(value, "code", None) or "invalid"), "message": str(value)}


def _from_django_validation_error(error: DjangoValidationError) -> exceptions.ValidationError:
    if hasattr(error, "error_dict"):
        detail = {
            (NON_FIELD if field == "__all__" else field): [
                exceptions.ErrorDetail(message, code=item.code or "invalid")
                for item in items
                for message in item.messages
            ]
            for field, items in error.error_dict.items()
        }
    else:
        detail = {
            NON_FIELD: [
                exceptions.ErrorDetail(message, code=item.code or "invalid")
                for item in error.error_list
                for message in item.messages
            ]
        }
    return exceptions.ValidationError(detail)


def exception_handler(exc, context) -> Response | None:
    """DRF's handler (status, headers such as Retry-After), then our shape."""
    if isinstance(exc, DjangoValidationError):
        exc = _from_django_validation_error(exc)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # a real bug: Django's 500 handling and logging take over
    if isinstance(exc, exceptions.ValidationError):
        body = {
            "code": "validation_error",
            "message": _("The input is not valid; see the errors per field."),
            "fields": _flatten(exc.detail),
        }
    else:
        detail = exc.detail if isinstance(exc, exceptions.APIException) else ""
        codes = exc.get_codes() if isinstance(exc, exceptions.APIException) else "error"
        body = {
            "code": codes if isinstance(codes, str) else "error",
            "message": str(detail),
            "fields": {},
        }
    response.data = body
    return response
