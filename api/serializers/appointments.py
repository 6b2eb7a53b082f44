"""Shapes of a request's appointment over the API.

Output only, plus the two inputs for the schema: the portal's ``SlotForm``
and ``CancelForm`` validate what is posted, the appointments services act.
"""

from rest_framework import serializers

from appointments.models import ACTIVE_STATUSES, Channel


class LocationSerializer(serializers.Serializer):
    name = serializers.CharField(help_text="In the asked language.")
    address = serializers.CharField()


class AppointmentSerializer(serializers.Serializer):
    """The active appointment: an invitation to choose a time, or a booking."""

    status = serializers.ChoiceField(
        choices=[(status.value, status.label) for status in ACTIVE_STATUSES],
        help_text="invited: choose a time (POST a slot); booked: has a time (POST one to move it).",
    )
    status_label = serializers.CharField()
    channel = serializers.ChoiceField(choices=Channel.choices)
    channel_label = serializers.CharField()
    location = LocationSerializer(
        allow_null=True, help_text="Where, for an appointment at the desk; null otherwise."
    )
    starts_at = serializers.DateTimeField(
        allow_null=True, help_text="Local time with its offset; null while invited."
    )
    ends_at = serializers.DateTimeField(allow_null=True)
    can_book = serializers.BooleanField(help_text="An invitation a time can be chosen for now.")
    can_reschedule = serializers.BooleanField(
        help_text="A booking that can still be moved online (before the desk's cut-off)."
    )
    can_cancel = serializers.BooleanField(
        help_text="Can still be cancelled (or the invitation declined) online."
    )


class SlotSerializer(serializers.Serializer):
    key = serializers.CharField(
        help_text="The value to POST as slot: the start in UTC, ISO 8601 (what the portal posts)."
    )
    starts_at = serializers.DateTimeField(help_text="Local time (Europe/Brussels) with offset.")
    ends_at = serializers.DateTimeField()


class AppointmentPageSerializer(serializers.Serializer):
    """What the requester's appointment page shows, as data."""

    reference = serializers.CharField(help_text="The request.")
    appointment = AppointmentSerializer(
        allow_null=True,
        help_text=(
            "null when the desk has not offered an appointment (help in person is by "
            "appointment only; the desk offers one when needed)."
        ),
    )
    slots = SlotSerializer(
        many=True,
        help_text=(
            "Free times, earliest first, from the minimum notice up to the horizon; empty "
            "without an appointment. A booking does not block itself: its own time and "
            "the ones it overlaps stay listed."
        ),
    )
    change_cutoff_hours = serializers.IntegerField(
        allow_null=True,
        help_text="A booking can be moved or cancelled online until this many hours before.",
    )


class SlotChoiceSerializer(serializers.Serializer):
    """Input of POST .../appointment/ (validated by the portal's SlotForm)."""

    slot = serializers.CharField(
        help_text=(
            "The key (or starts_at) of one of the slots: an ISO 8601 time with offset. "
            "Books an invitation, or moves a booking to this time."
        )
    )


class CancelSerializer(serializers.Serializer):
    """Input of POST .../appointment/cancel/ (validated by the portal's CancelForm)."""

    reason = serializers.CharField(max_length=500, required=False, allow_blank=True)
