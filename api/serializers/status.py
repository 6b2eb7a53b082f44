"""The service status board over the API (servicestatus.selectors.Board), read-only."""

from rest_framework import serializers

from servicestatus.choices import IncidentKind, ServiceState


class StatusUpdateSerializer(serializers.Serializer):
    created_at = serializers.DateTimeField()
    body = serializers.CharField(help_text="Markdown, in the request's language.")
    is_closing = serializers.BooleanField()


class StatusIncidentSerializer(serializers.Serializer):
    reference = serializers.CharField()
    kind = serializers.ChoiceField(choices=IncidentKind.choices)
    impact = serializers.ChoiceField(choices=ServiceState.choices)
    title = serializers.CharField()
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField(allow_null=True)
    services = serializers.ListField(child=serializers.CharField(), source="service_slugs")
    affected_count = serializers.IntegerField()
    updates = StatusUpdateSerializer(many=True, help_text="Newest first.")


class StatusServiceSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    state = serializers.ChoiceField(choices=ServiceState.choices)


class StatusBoardSerializer(serializers.Serializer):
    built_at = serializers.DateTimeField(help_text="When this (cached) answer was built.")
    services = StatusServiceSerializer(many=True)
    current = StatusIncidentSerializer(many=True, help_text="Open and under way.")
    scheduled = StatusIncidentSerializer(many=True, help_text="Announced maintenance, not begun.")
