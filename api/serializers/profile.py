"""The caller's profile: who they are, language, which optional mails they get."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _
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
    alternate_email = serializers.EmailField(
        read_only=True,
        allow_blank=True,
        help_text=(
            "The private address password recovery mails go to; empty when none. "
            "Change it with POST /api/v1/profile/alternate-email/."
        ),
    )
    alternate_email_verified = serializers.BooleanField(
        read_only=True,
        help_text=(
            "Whether alternate_email was proven with a mailed code "
            "(only proven addresses are kept)."
        ),
    )
    alternate_email_pending = serializers.EmailField(
        read_only=True,
        allow_null=True,
        help_text="A new address waiting for its code (not used until confirmed); null when none.",
    )
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

    def validate(self, attrs: dict) -> dict:
        """Refuse what PATCH cannot change, rather than answer 200 and ignore it.

        A client that sends ``email`` or a misspelt field (or a mail kind that
        does not exist) would otherwise read the 200 as "saved".
        """
        errors: dict[str, list] = {}
        data = self.initial_data if hasattr(self.initial_data, "keys") else {}
        for name in data:
            field = self.fields.get(name)
            if field is None or field.read_only:
                errors[name] = [_cannot_change()]
        kinds = data.get("mail_preferences")
        if hasattr(kinds, "keys"):
            for kind in kinds:
                if kind not in OPTIONAL_KINDS:
                    errors[f"mail_preferences.{kind}"] = [_cannot_change()]
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


def _cannot_change() -> serializers.ErrorDetail:
    return serializers.ErrorDetail(
        str(_("This field cannot be changed here.")), code="cannot_change"
    )
