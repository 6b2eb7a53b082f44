"""Shapes of requests over the API; validation is the portal's forms and services."""

from django.conf import settings
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from tickets.choices import Impact, Priority, TicketStatus, Urgency
from tickets.models import TicketEvent


class CategoryLeafSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class CategoryGroupSerializer(serializers.Serializer):
    name = serializers.CharField(
        help_text="The top-level category; a lone one is a group of one under its own name."
    )
    categories = CategoryLeafSerializer(many=True, help_text="What a request can be filed under.")


class CategoryTreeSerializer(serializers.Serializer):
    groups = CategoryGroupSerializer(many=True)
    impacts = serializers.ListField(child=CategoryLeafSerializer())
    urgencies = serializers.ListField(child=CategoryLeafSerializer())
    emergency_phone = serializers.CharField(
        help_text="Shown when impact and urgency are both highest; empty when not set."
    )


class TicketFileSerializer(serializers.Serializer):
    """Input of POST /requests/: multipart/form-data, as it carries files.

    The same fields as a JSON object (without attachments) are accepted too, for
    hand-written clients; the schema declares one media type per body, because
    generated clients cannot choose between two.
    """

    category = serializers.IntegerField(help_text="An id from GET /api/v1/categories/.")
    subject = serializers.CharField(max_length=200)
    description = serializers.CharField(max_length=10000)
    impact = serializers.ChoiceField(choices=Impact.choices)
    urgency = serializers.ChoiceField(choices=Urgency.choices)
    attachments = serializers.ListField(
        child=serializers.FileField(),
        required=False,
        help_text=(
            f"Up to {settings.TICKETS_ATTACHMENT_MAX_FILES} files of at most "
            f"{settings.TICKETS_ATTACHMENT_MAX_BYTES} bytes each, of the types "
            f"{', '.join(settings.TICKETS_ATTACHMENT_EXTENSIONS)}."
        ),
    )


class ReplySerializer(serializers.Serializer):
    """Input of POST /requests/{reference}/replies/: multipart, as when filing (JSON accepted)."""

    body = serializers.CharField(max_length=10000)
    attachments = serializers.ListField(
        child=serializers.FileField(), required=False, help_text="As when filing."
    )


class ReopenSerializer(serializers.Serializer):
    body = serializers.CharField(max_length=10000, help_text="What is still wrong.")


class AttachmentUploadSerializer(serializers.Serializer):
    attachments = serializers.ListField(
        child=serializers.FileField(), help_text="As when filing (multipart)."
    )


class AttachmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="original_name")
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    created_at = serializers.DateTimeField()
    url = serializers.SerializerMethodField(help_text="GET it with the session token.")

    def get_url(self, attachment) -> str:
        return self.context["request"].build_absolute_uri(f"/api/v1/attachments/{attachment.pk}/")


class MessageSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    author_name = serializers.CharField()
    is_staff_reply = serializers.BooleanField(help_text="Written by the desk.")
    body = serializers.CharField()
    created_at = serializers.DateTimeField()
    attachments = serializers.SerializerMethodField()

    @extend_schema_field(AttachmentSerializer(many=True))
    def get_attachments(self, message) -> list:
        return AttachmentSerializer(message.attachments.all(), many=True, context=self.context).data


class StatusChangeSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=TicketStatus.choices, allow_null=True)
    previous_status = serializers.ChoiceField(choices=TicketStatus.choices, allow_null=True)
    at = serializers.DateTimeField(source="created_at")

    def to_representation(self, event):
        if event.type == TicketEvent.Type.FILED:
            new, old = TicketStatus.NEW, None
        else:
            new, old = event.data.get("new"), event.data.get("old")
        return {"status": new, "previous_status": old, "at": event.created_at.isoformat()}


class TicketSummarySerializer(serializers.Serializer):
    reference = serializers.CharField()
    subject = serializers.CharField()
    status = serializers.ChoiceField(choices=TicketStatus.choices)
    status_label = serializers.SerializerMethodField()
    category = serializers.CharField(source="category.name")
    priority = serializers.ChoiceField(choices=Priority.choices)
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()

    def get_status_label(self, ticket) -> str:
        return str(TicketStatus(ticket.status).label)


class TicketListSerializer(serializers.Serializer):
    results = TicketSummarySerializer(many=True)
    next = serializers.CharField(
        allow_null=True, help_text="The cursor of the next page; null on the last page."
    )


class TicketDetailSerializer(TicketSummarySerializer):
    description = serializers.CharField()
    impact = serializers.ChoiceField(choices=Impact.choices)
    urgency = serializers.ChoiceField(choices=Urgency.choices)
    resolved_at = serializers.DateTimeField(allow_null=True)
    closed_at = serializers.DateTimeField(allow_null=True)
    attachments = AttachmentSerializer(
        many=True, source="initial_attachments", help_text="Files added when filing."
    )
    messages = MessageSerializer(
        many=True, source="conversation", help_text="Public replies, oldest first."
    )
    status_history = StatusChangeSerializer(many=True, source="history")


class TicketListQuerySerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=[("open", "open"), ("closed", "closed"), ("all", "all")],
        required=False,
        default="open",
        help_text="open: new, in progress, waiting; closed: resolved, closed, forwarded, merged.",
    )
    q = serializers.CharField(max_length=200, required=False, default="")
    cursor = serializers.CharField(max_length=80, required=False, default="")
