"""The caller's profile: who they are, language, which optional mails they get."""

from django.conf import settings
from rest_framework import serializers

from notifications.kinds import OPTIONAL_KINDS

MailPreferencesSerializer = type(
    "MailPreferencesSerializer",
    (serializers.Serializer,),
    {
        "__doc__": "Each optional kind of mail and whether the user receives it.",
        **{
            kind: serializers.BooleanField(required=False, help_text=str(label))
            for kind, label in OPTIONAL_KINDS.items()
        },
    },
)


class ProfileSerializer(serializers.Serializer):
    email = serializers.EmailField(read_only=True)
    first_name = serializers.CharField(read_only=True)
    last_name = serializers.CharField(read_only=True)
    kind = serializers.CharField(read_only=True)
    preferred_language = serializers.ChoiceField(
        choices=settings.LANGUAGES,
        required=False,
        help_text="The language of the portal and of every mail.",
    )
    mail_preferences = MailPreferencesSerializer(
        required=False,
        help_text=(
            "Optional mails; security mails (codes, password resets) are always sent. "
            "Kinds left out keep their setting."
        ),
    )
