"""Shapes of the account flows over the API (activation, alternate address).

They document the input; the portal's forms validate it (accounts.forms).
"""

from django.contrib.auth.password_validation import password_validators_help_texts
from django.utils.functional import lazy
from rest_framework import serializers

HANDLE_HELP = (
    "The token from the previous step's answer; it names this activation and "
    "is forgotten an hour after the last step."
)


class StudentActivationSerializer(serializers.Serializer):
    student_number = serializers.CharField(help_text="Seven digits, for example 0123456.")
    initial_password = serializers.CharField(
        help_text="The password the registrar handed out with the student number."
    )


class AlumniActivationSerializer(serializers.Serializer):
    alumni_number = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="The letter Q and 7 digits, for example Q1234567; may be left out.",
    )
    email = serializers.EmailField(help_text="The address the alumni office has on file.")


def _password_rules() -> str:
    """The password rules as the validators in settings word them (one source)."""
    return "The new password. " + " ".join(password_validators_help_texts())


class ActivationPasswordSerializer(serializers.Serializer):
    token = serializers.CharField(help_text=HANDLE_HELP)
    password1 = serializers.CharField(help_text=lazy(_password_rules, str)())
    password2 = serializers.CharField(help_text="The same password again.")


class ActivationEmailSerializer(serializers.Serializer):
    token = serializers.CharField(help_text=HANDLE_HELP)
    email = serializers.EmailField(
        help_text="A private address (not the university one); a code is mailed to it."
    )


class ActivationCodeSerializer(serializers.Serializer):
    token = serializers.CharField(help_text=HANDLE_HELP)
    code = serializers.CharField(help_text="The 6-digit code from the mail.")


class ActivationStepSerializer(serializers.Serializer):
    """Where a running activation stands, and how to go on."""

    token = serializers.CharField(
        allow_null=True,
        help_text="Send it with the next step; null once the activation is done.",
    )
    step = serializers.ChoiceField(
        choices=["password", "email", "code", "done"],
        help_text=(
            "The next step: POST /api/v1/account/activation/{step}/; "
            "done: log in with the new password (POST /_allauth/app/v1/auth/login)."
        ),
    )
    email = serializers.EmailField(
        allow_null=True,
        help_text="At step code: the address the code was mailed to; null otherwise.",
    )


class AlternateEmailSerializer(serializers.Serializer):
    email = serializers.EmailField(
        help_text=(
            "A new private address for password recovery; it is stored once the code "
            "mailed to it comes back through .../alternate-email/confirm/."
        )
    )


class AlternateEmailConfirmSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="The 6-digit code mailed to the new address.")
