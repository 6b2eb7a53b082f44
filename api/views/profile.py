"""The caller's own profile: read it, change the language and optional mails."""

from django.db import transaction
from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.services import user_set_preferred_language
from notifications.preferences import mail_kinds_enabled, mail_preferences_set

from .. import examples
from ..serializers.profile import ProfileSerializer


def _profile(user) -> dict:
    return {
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "kind": user.kind,
        "preferred_language": user.preferred_language,
        "mail_preferences": mail_kinds_enabled(user=user),
    }


class ProfileView(APIView):
    @extend_schema(
        operation_id="profile_read",
        responses={200: ProfileSerializer},
        examples=examples.PROFILE_READ,
        tags=["profile"],
    )
    def get(self, request: Request) -> Response:
        return Response(ProfileSerializer(_profile(request.user)).data)

    @extend_schema(
        operation_id="profile_update",
        request=ProfileSerializer,
        responses={200: ProfileSerializer},
        examples=examples.PROFILE_UPDATE,
        tags=["profile"],
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
        return Response(ProfileSerializer(_profile(user)).data)
