"""The caller's own profile: read it, change the language, optional mails and alternate address."""

from django.contrib.sessions.backends.base import SessionBase
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import flows
from accounts.forms import AlternateEmailForm, CodeForm
from accounts.services import user_set_preferred_language
from notifications.preferences import mail_kinds_enabled, mail_preferences_set

from ..forms import form_data, validated
from ..serializers.account import AlternateEmailConfirmSerializer, AlternateEmailSerializer
from ..serializers.profile import ProfileSerializer
from .common import account_throttled

TAGS = ["profile"]

PROFILE_EXAMPLE = {
    "email": "r0123456@student.example.org",
    "first_name": "Sam",
    "last_name": "Peeters",
    "kind": "student",
    "alternate_email": "sam.private@example.net",
    "alternate_email_verified": True,
    "alternate_email_pending": None,
    "preferred_language": "nl",
    "mail_preferences": {"survey": True, "digest": True, "reminder": True, "incident": True},
}


def _session(request: Request) -> SessionBase:
    """The allauth session behind the caller's X-Session-Token (where codes wait)."""
    return request.auth


def _profile(request: Request) -> dict:
    user = request.user
    return {
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "kind": user.kind,
        "alternate_email": user.alternate_email,
        "alternate_email_verified": bool(user.alternate_email),
        "alternate_email_pending": flows.alternate_email_pending(_session(request)),
        "preferred_language": user.preferred_language,
        "mail_preferences": mail_kinds_enabled(user=user),
    }


class ProfileView(APIView):
    @extend_schema(
        operation_id="profile_read",
        responses={200: ProfileSerializer},
        examples=[OpenApiExample("A student", response_only=True, value=PROFILE_EXAMPLE)],
        tags=TAGS,
    )
    def get(self, request: Request) -> Response:
        return Response(ProfileSerializer(_profile(request)).data)

    @extend_schema(
        operation_id="profile_update",
        request=ProfileSerializer,
        responses={200: ProfileSerializer},
        examples=[
            OpenApiExample(
                "English, no surveys",
                request_only=True,
                value={"preferred_language": "en", "mail_preferences": {"survey": False}},
            ),
            OpenApiExample(
                "Saved",
                response_only=True,
                value={
                    **PROFILE_EXAMPLE,
                    "preferred_language": "en",
                    "mail_preferences": {
                        "survey": False,
                        "digest": True,
                        "reminder": True,
                        "incident": True,
                    },
                },
            ),
        ],
        tags=TAGS,
    )
    def patch(self, request: Request) -> Response:
        form = ProfileSerializer(data=request.data, partial=True)
        form.is_valid(raise_exception=True)
        user = request.user
        with transaction.atomic():
            if "preferred_language" in form.validated_data:
                user_set_preferred_language(
                    user=user, language=form.validated_data["preferred_language"]
                )
            if "mail_preferences" in form.validated_data:
                wanted = mail_kinds_enabled(user=user) | form.validated_data["mail_preferences"]
                mail_preferences_set(
                    user=user,
                    enabled_kinds=[kind for kind, on in wanted.items() if on],
                    acting_user=user,
                )
        return Response(ProfileSerializer(_profile(request)).data)


class AlternateEmailView(APIView):
    @extend_schema(
        operation_id="profile_alternate_email_start",
        summary="Send a code to a new alternate address",
        description=(
            "The address (a private one, not the university address) is kept aside as "
            "alternate_email_pending; it replaces alternate_email once the code mailed to it "
            "comes back through .../alternate-email/confirm/. A few codes per account per "
            "five minutes, then 429."
        ),
        request=AlternateEmailSerializer,
        responses={202: ProfileSerializer},
        examples=[
            OpenApiExample(
                "A private address", request_only=True, value={"email": "sam.new@example.net"}
            ),
            OpenApiExample(
                "Code sent",
                response_only=True,
                status_codes=["202"],
                value={**PROFILE_EXAMPLE, "alternate_email_pending": "sam.new@example.net"},
            ),
        ],
        tags=TAGS,
    )
    def post(self, request: Request) -> Response:
        data = validated(AlternateEmailForm(form_data(request), user=request.user))
        session = _session(request)
        try:
            flows.alternate_email_start(
                request,
                session=session,
                user=request.user,
                email=data["email"],
                language=get_language(),
            )
        except flows.TooManyAttempts as error:
            raise account_throttled(error) from error
        session.save()
        return Response(ProfileSerializer(_profile(request)).data, status=status.HTTP_202_ACCEPTED)


class AlternateEmailConfirmView(APIView):
    @extend_schema(
        operation_id="profile_alternate_email_confirm",
        summary="Confirm the new alternate address with its code",
        description=(
            "A wrong code answers 400 code_wrong; after three wrong tries or once the code "
            "expired (ACCOUNTS_CODE_TIMEOUT, 30 minutes by default) "
            "400 code_expired, and without a code asked for 400 no_code_pending."
        ),
        request=AlternateEmailConfirmSerializer,
        responses={200: ProfileSerializer},
        examples=[
            OpenApiExample("The code", request_only=True, value={"code": "123456"}),
            OpenApiExample(
                "Saved",
                response_only=True,
                value={**PROFILE_EXAMPLE, "alternate_email": "sam.new@example.net"},
            ),
        ],
        tags=TAGS,
    )
    def post(self, request: Request) -> Response:
        data = validated(CodeForm(form_data(request)))
        session = _session(request)
        if flows.alternate_email_pending(session) is None:
            raise ValidationError(
                {"code": ValidationError(_("Ask for a new code first."), code="no_code_pending")}
            )
        try:
            flows.alternate_email_confirm(session, user=request.user, code=data["code"])
        except ValidationError as error:
            raise ValidationError({"code": error}) from error
        finally:
            session.save()  # a wrong try counts, a used code dies
        return Response(ProfileSerializer(_profile(request)).data)
