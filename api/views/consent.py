"""The prospect's consent step over the API: the portal's form and service.

Prospects must agree to the use of their profile data before anything
else (accounts.middleware in the portal, ``HasGivenConsent`` here); without
this endpoint the app could only send them to the browser.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.forms import ConsentForm
from accounts.models import Consent
from accounts.selectors import user_data_use_consent, user_needs_data_use_consent
from accounts.services import consent_give

from ..forms import form_data, validated
from ..serializers.consent import ConsentGiveSerializer, ConsentSerializer

TAGS = ["profile"]


# Also on the portal's consent page (accounts/consent.html): one msgid, one translation.
CONSENT_TEXT = gettext_noop(
    "To help you as a future student, the service desk keeps your name, email address and "
    "the requests you file, and uses them only to answer you. Only service desk staff can "
    "see them; you can download them from your profile at any time."
)


def _state(user) -> dict:
    consent = user_data_use_consent(user)
    return {
        # The portal's rule, asked where the request endpoints ask it (HasGivenConsent).
        "needed": user_needs_data_use_consent(user),
        "text": _(CONSENT_TEXT),
        "given_at": consent.given_at if consent is not None else None,
    }


class ConsentView(APIView):
    """Whether the caller still has to agree, what to, and agreeing."""

    @extend_schema(
        operation_id="consent_read",
        summary="Whether the caller must still agree to the use of their profile data",
        responses={200: ConsentSerializer},
        examples=[
            OpenApiExample(
                "A prospect who has not agreed yet",
                response_only=True,
                value={"needed": True, "text": CONSENT_TEXT, "given_at": None},
            )
        ],
        tags=TAGS,
    )
    def get(self, request: Request) -> Response:
        return Response(ConsentSerializer(_state(request.user)).data)

    @extend_schema(
        operation_id="consent_give",
        summary="Agree to the use of profile data (prospects)",
        description="The same step as the portal's consent page; giving it twice changes nothing.",
        request=ConsentGiveSerializer,
        responses={200: ConsentSerializer},
        examples=[
            OpenApiExample("Agree", request_only=True, value={"agree": True}),
            OpenApiExample(
                "Agreed",
                response_only=True,
                value={
                    "needed": False,
                    "text": CONSENT_TEXT,
                    "given_at": "2026-11-24T10:02:40+01:00",
                },
            ),
        ],
        tags=TAGS,
    )
    def post(self, request: Request) -> Response:
        validated(ConsentForm(form_data(request)))
        consent_give(user=request.user, kind=Consent.Kind.PROSPECT_DATA_USE)
        return Response(ConsentSerializer(_state(request.user)).data)
