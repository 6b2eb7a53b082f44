"""A prospect's agreement to the use of their profile data, as the app shows and gives it."""

from rest_framework import serializers


class ConsentSerializer(serializers.Serializer):
    needed = serializers.BooleanField(
        help_text="True for a prospect who has not agreed yet; the request endpoints answer "
        "403 consent_required until they do."
    )
    text = serializers.CharField(help_text="What the user agrees to, in the asked language.")
    given_at = serializers.DateTimeField(allow_null=True)


class ConsentGiveSerializer(serializers.Serializer):
    agree = serializers.BooleanField(help_text="Must be true: the box the portal asks to tick.")
