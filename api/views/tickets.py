"""Requests over the API: the portal's forms validate, the tickets services act.

Every lookup goes through ``tickets.selectors`` scoped to the caller, so
someone else's request or file answers 404 exactly like a missing one.
"""

import json

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tickets import access, selectors, services
from tickets.choices import Channel, Impact, Urgency
from tickets.forms import ReplyForm, TicketForm
from tickets.models import DeskSettings, Ticket
from tickets.revision_cache import kept_for_revision
from tickets.services.requester import (
    ticket_add_attachments,
    ticket_confirm_resolution,
    ticket_reopen,
)

from .. import examples
from ..etag import ETAG_PARAMETERS, conditional_response, etag_responses
from ..forms import REQUESTER, form_data, validated
from ..serializers.tickets import (
    AttachmentSerializer,
    AttachmentUploadSerializer,
    CategoryTreeSerializer,
    MessageSerializer,
    ReopenSerializer,
    ReplySerializer,
    TicketDetailSerializer,
    TicketFileSerializer,
    TicketListQuerySerializer,
    TicketListSerializer,
)
from .common import FileAnswerMixin

TAGS = ["requests"]


def _detail(request: Request, ticket: Ticket) -> dict:
    """The request as the API shows it; its messages and files are kept per revision."""
    context = {"request": request}

    def conversation() -> dict:
        messages, initial = selectors.requester_conversation_and_files(ticket)
        # Plain JSON values: DRF's lists carry their serializer (and the request).
        return json.loads(
            json.dumps(
                {
                    "attachments": AttachmentSerializer(initial, many=True, context=context).data,
                    "messages": MessageSerializer(messages, many=True, context=context).data,
                }
            )
        )

    # The links in it start with this request's address (build_absolute_uri).
    kept = kept_for_revision(
        ticket, "api-conversation", request.build_absolute_uri("/"), build=conversation
    )
    ticket.conversation, ticket.initial_attachments = [], []
    ticket.history = selectors.ticket_status_history(ticket)
    data = TicketDetailSerializer(ticket, context=context).data
    data["attachments"], data["messages"] = kept["attachments"], kept["messages"]
    return data


class CategoryTreeView(APIView):
    """What a request can be filed under, with the impact and urgency choices."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="categories",
        parameters=ETAG_PARAMETERS,
        responses=etag_responses(CategoryTreeSerializer),
        examples=examples.CATEGORIES,
        tags=TAGS,
    )
    def get(self, request: Request) -> Response:
        data = {
            "groups": [
                {
                    # A lone top-level category is its own group, under its own name.
                    "name": str(group) or str(leaves[0][1]),
                    "categories": [{"id": pk, "name": str(name)} for pk, name in leaves],
                }
                for group, leaves in selectors.categories_for_filing()
            ],
            "impacts": [{"id": value, "name": str(label)} for value, label in Impact.choices],
            "urgencies": [{"id": value, "name": str(label)} for value, label in Urgency.choices],
            "emergency_phone": DeskSettings.load().emergency_phone,
        }
        return conditional_response(request, CategoryTreeSerializer(data).data)


class TicketListView(APIView):
    """My requests, newest activity first, a cursor page at a time; and filing one."""

    permission_classes = REQUESTER

    @extend_schema(
        operation_id="requests_list",
        parameters=[TicketListQuerySerializer],
        responses={200: TicketListSerializer},
        examples=examples.REQUESTS_LIST,
        tags=TAGS,
    )
    def get(self, request: Request) -> Response:
        query = TicketListQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        tickets, next_cursor = selectors.tickets_of_requester(
            user=request.user,
            state=query.validated_data["status"],
            query=query.validated_data["q"],
            after=selectors.Cursor.decode(query.validated_data["cursor"]),
        )
        data = {"results": tickets, "next": next_cursor.encode() if next_cursor else None}
        return Response(TicketListSerializer(data).data)

    @extend_schema(
        operation_id="requests_file",
        request={"multipart/form-data": TicketFileSerializer},
        responses={201: TicketDetailSerializer},
        examples=examples.REQUESTS_FILE,
        tags=TAGS,
    )
    def post(self, request: Request) -> Response:
        data = validated(TicketForm(form_data(request), request.FILES))
        ticket = services.ticket_file(
            requester=request.user,
            acting_user=request.user,
            category=data["category"],
            subject=data["subject"],
            description=data["description"],
            impact=data["impact"],
            urgency=data["urgency"],
            uploads=data["attachments"],
            channel=Channel.APP,
        )
        ticket = access.ticket_of_requester(user=request.user, reference=ticket.reference)
        return Response(_detail(request, ticket), status=status.HTTP_201_CREATED)


class TicketDetailView(APIView):
    """One of my requests with its public messages and status history (ETag)."""

    permission_classes = REQUESTER

    @extend_schema(
        operation_id="requests_read",
        parameters=ETAG_PARAMETERS,
        responses=etag_responses(TicketDetailSerializer),
        examples=examples.REQUESTS_READ,
        tags=TAGS,
    )
    def get(self, request: Request, reference: str) -> Response:
        # Read with whether it has files: most have none, and then no files query.
        ticket = access.ticket_of_requester(
            user=request.user,
            reference=reference,
            tickets=selectors.api_detail_tickets(),
        )
        return conditional_response(request, _detail(request, ticket))


class TicketReplyView(APIView):
    permission_classes = REQUESTER

    @extend_schema(
        operation_id="requests_reply",
        request={"multipart/form-data": ReplySerializer},
        responses={201: MessageSerializer},
        examples=examples.REQUESTS_REPLY,
        tags=TAGS,
    )
    def post(self, request: Request, reference: str) -> Response:
        ticket = access.ticket_of_requester(user=request.user, reference=reference)
        data = validated(ReplyForm(form_data(request), request.FILES))
        message = services.ticket_reply(
            ticket=ticket,
            body=data["body"],
            uploads=data["attachments"],
            acting_user=request.user,
        )
        return Response(
            MessageSerializer(message, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )


class TicketAttachmentsView(APIView):
    permission_classes = REQUESTER

    @extend_schema(
        operation_id="requests_add_attachments",
        request={"multipart/form-data": AttachmentUploadSerializer},
        responses={201: AttachmentSerializer(many=True)},
        examples=examples.REQUESTS_ADD_ATTACHMENTS,
        tags=TAGS,
    )
    def post(self, request: Request, reference: str) -> Response:
        ticket = access.ticket_of_requester(user=request.user, reference=reference)
        # The reply form's attachments field carries the portal's upload rules.
        field = ReplyForm().fields["attachments"]
        try:
            uploads = field.clean(request.FILES.getlist("attachments"))
        except ValidationError as error:
            raise ValidationError({"attachments": error.error_list}) from error
        with transaction.atomic():
            created = ticket_add_attachments(
                ticket=ticket, uploads=uploads, acting_user=request.user
            )
        return Response(
            AttachmentSerializer(created, many=True, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )


class TicketConfirmView(APIView):
    """The requester agrees the resolution: a resolved request becomes closed."""

    permission_classes = REQUESTER

    @extend_schema(
        operation_id="requests_confirm_resolution",
        request=None,
        responses={200: TicketDetailSerializer},
        examples=examples.REQUESTS_CONFIRM,
        tags=TAGS,
    )
    def post(self, request: Request, reference: str) -> Response:
        ticket = access.ticket_of_requester(user=request.user, reference=reference)
        ticket_confirm_resolution(ticket=ticket, acting_user=request.user)
        ticket = access.ticket_of_requester(user=request.user, reference=reference)
        return Response(_detail(request, ticket))


class TicketReopenView(APIView):
    """Not solved after all: reopen a resolved request with a message."""

    permission_classes = REQUESTER

    @extend_schema(
        operation_id="requests_reopen",
        request=ReopenSerializer,
        responses={200: TicketDetailSerializer},
        examples=examples.REQUESTS_REOPEN,
        tags=TAGS,
    )
    def post(self, request: Request, reference: str) -> Response:
        ticket = access.ticket_of_requester(user=request.user, reference=reference)
        form = ReopenSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        ticket_reopen(ticket=ticket, body=form.validated_data["body"], acting_user=request.user)
        ticket = access.ticket_of_requester(user=request.user, reference=reference)
        return Response(_detail(request, ticket))


class AnyMediaRenderer(BaseRenderer):
    """Lets a download be asked for with any Accept; errors still render as JSON."""

    media_type = "*/*"
    format = "download"

    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        return JSONRenderer().render(data)


class AttachmentDownloadView(FileAnswerMixin, APIView):
    """A file of my request (never of an internal note), as a download."""

    permission_classes = REQUESTER
    renderer_classes = [JSONRenderer, AnyMediaRenderer]

    @extend_schema(
        operation_id="attachments_download",
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY},
        tags=TAGS,
    )
    def get(self, request: Request, pk: int) -> FileResponse:
        attachment = access.attachment_for(user=request.user, session=None, pk=pk)
        response = FileResponse(
            attachment.file.open("rb"),
            as_attachment=True,
            filename=attachment.original_name,
            content_type="application/octet-stream",
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response
