"""A request's appointment over the API: the requester's appointment page as data.

Mirrors ``appointments.views`` step by step: the request is looked up
scoped to the caller (someone else's answers 404), the portal's
``SlotForm`` and ``CancelForm`` validate, and the same services act:
``appointment_choose`` books or moves, ``appointment_cancel`` cancels, and
``requester_options`` says what can still be done. A service's refusal (a
time just taken, too soon, a finished request, past the cut-off) lands on
the field the web form shows it on.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import translation
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework.renderers import BaseRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from appointments import selectors, services
from appointments.forms import CancelForm, SlotForm
from appointments.models import AppointmentStatus, Channel
from tickets.access import ticket_of_requester
from tickets.models import Ticket

from .. import examples
from ..etag import ETAG_PARAMETERS, conditional_response, etag_responses
from ..forms import REQUESTER, form_data, validated
from ..serializers.appointments import (
    AppointmentPageSerializer,
    CancelSerializer,
    SlotChoiceSerializer,
)
from .common import FileAnswerMixin

TAGS = ["appointments"]
ERROR = {"$ref": "#/components/schemas/Error"}


def _appointment(ticket: Ticket, appointment, schedule) -> dict | None:
    if appointment is None:
        return None
    options = services.requester_options(ticket=ticket, appointment=appointment, schedule=schedule)
    location = appointment.location if appointment.channel == Channel.DESK else None
    return {
        "status": appointment.status,
        "status_label": appointment.get_status_display(),
        "channel": appointment.channel,
        "channel_label": appointment.get_channel_display(),
        "location": (
            {"name": location.name, "address": location.address} if location is not None else None
        ),
        "starts_at": appointment.starts_at,
        "ends_at": appointment.ends_at,
        "can_book": options.can_book,
        "can_reschedule": options.can_reschedule,
        "can_cancel": options.can_cancel,
    }


def _page(ticket: Ticket) -> dict:
    """The page's content; the same reads as the web page, so the same query count."""
    appointment = selectors.active_appointment(ticket)
    schedule = selectors.schedule_for_desk(ticket.desk_id)
    data = {
        "reference": ticket.reference,
        "appointment": _appointment(ticket, appointment, schedule),
        "slots": selectors.offered_slots(appointment=appointment, schedule=schedule),
        "change_cutoff_hours": schedule.change_cutoff_hours if schedule is not None else None,
    }
    return AppointmentPageSerializer(data).data


class AppointmentView(APIView):
    """The request's active appointment and the free times; choosing one books or moves it."""

    permission_classes = REQUESTER

    @extend_schema(
        operation_id="appointment_read",
        summary="The request's appointment and the times it can be booked at",
        parameters=ETAG_PARAMETERS,
        responses=etag_responses(AppointmentPageSerializer),
        examples=[
            OpenApiExample(
                "Invited to choose a time", value=examples.APPOINTMENT_INVITED, response_only=True
            ),
            OpenApiExample("Booked", value=examples.APPOINTMENT_BOOKED, response_only=True),
            OpenApiExample(
                "No appointment offered", value=examples.APPOINTMENT_NONE, response_only=True
            ),
        ],
        tags=TAGS,
    )
    def get(self, request: Request, reference: str) -> Response:
        ticket = ticket_of_requester(user=request.user, reference=reference)
        return conditional_response(request, _page(ticket))

    @extend_schema(
        operation_id="appointment_choose",
        summary="Book the invitation at a time, or move the booking to another time",
        description=(
            "Posts one slot's key. An invitation is booked, a booking is moved (the same "
            "calendar event, a new .ics by mail). Every refusal is a 400 with the reason on "
            "the slot field, as on the portal's page: `slot_taken` (someone else was quicker; "
            "GET again for fresh slots), `invalid` (not an ISO 8601 time with offset), "
            "`not_open`, `past`, `too_soon`, `too_far`, `past_cutoff`, `not_offered`, "
            "`ticket_finished`, `no_schedule`, `channel`."
        ),
        request=SlotChoiceSerializer,
        responses={
            200: AppointmentPageSerializer,
            400: OpenApiResponse(
                response=ERROR,
                description="Refused; fields.slot holds the reason (code slot_taken and others).",
                examples=[
                    OpenApiExample(
                        "The time was just taken", value=examples.APPOINTMENT_SLOT_TAKEN
                    ),
                ],
            ),
        },
        examples=[
            OpenApiExample(
                "A slot's key", value={"slot": "2027-03-23T08:00:00+00:00"}, request_only=True
            ),
            OpenApiExample("Booked", value=examples.APPOINTMENT_BOOKED, response_only=True),
        ],
        tags=TAGS,
    )
    def post(self, request: Request, reference: str) -> Response:
        ticket = ticket_of_requester(user=request.user, reference=reference)
        form = SlotForm(form_data(request))
        starts_at = validated(form)["slot"]
        try:
            services.appointment_choose(
                ticket=ticket, starts_at=starts_at, acting_user=request.user
            )
        except PermissionDenied as exc:
            raise Http404 from exc
        except ValidationError as error:
            form.add_error("slot", error)
            raise ValidationError(form.errors.as_data()) from error
        return Response(_page(ticket))


class AppointmentCancelView(APIView):
    """Cancel the booking, or decline the invitation."""

    permission_classes = REQUESTER

    @extend_schema(
        operation_id="appointment_cancel",
        summary="Cancel the appointment or decline the invitation",
        description=(
            "404 when the request has no active appointment. A booking within the desk's "
            "cut-off is refused (400, code past_cutoff in fields.non_field_errors). The "
            "requester gets a mail (with a cancelling .ics for a booking)."
        ),
        request=CancelSerializer,
        responses={200: AppointmentPageSerializer},
        examples=[
            OpenApiExample(
                "With a reason", value={"reason": "Solved it myself."}, request_only=True
            ),
            OpenApiExample("Cancelled", value=examples.APPOINTMENT_NONE, response_only=True),
        ],
        tags=TAGS,
    )
    def post(self, request: Request, reference: str) -> Response:
        ticket = ticket_of_requester(user=request.user, reference=reference)
        form = CancelForm(form_data(request))
        appointment = selectors.active_appointment(ticket)
        if appointment is None:
            raise Http404
        reason = validated(form)["reason"]
        try:
            services.appointment_cancel(
                appointment=appointment, acting_user=request.user, reason=reason
            )
        except PermissionDenied as exc:
            raise Http404 from exc
        except ValidationError as error:
            form.add_error(None, error)
            raise ValidationError(form.errors.as_data()) from error
        return Response(_page(ticket))


class IcsRenderer(BaseRenderer):
    """text/calendar for the .ics; asking for anything else is a 406."""

    media_type = "text/calendar"
    format = "ics"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        return data


class AppointmentIcsView(FileAnswerMixin, APIView):
    """The booking as a calendar file, the same .ics the confirmation mail carries."""

    permission_classes = REQUESTER
    renderer_classes = [IcsRenderer]

    @extend_schema(
        operation_id="appointment_ics",
        summary="The booked appointment as an iCalendar (.ics) file",
        description="404 while the request has no booked appointment (an invitation has no time).",
        responses={
            (200, "text/calendar"): OpenApiResponse(
                response={"type": "string"},
                description="An iCalendar file (METHOD:REQUEST), in the asked language.",
                examples=[OpenApiExample("A booking", value=examples.APPOINTMENT_ICS)],
            )
        },
        tags=TAGS,
    )
    def get(self, request: Request, reference: str) -> Response:
        ticket = ticket_of_requester(user=request.user, reference=reference)
        appointment = selectors.active_appointment(ticket)
        if appointment is None or appointment.status != AppointmentStatus.BOOKED:
            raise Http404
        # active_appointment does not join the ticket; the .ics needs its reference.
        appointment.ticket = ticket
        from appointments.ics import appointment_ics  # icalendar: only this download needs it

        content = appointment_ics(appointment, language=translation.get_language())
        response = Response(content)
        response["Content-Disposition"] = (
            f'attachment; filename="appointment-{ticket.reference}.ics"'
        )
        response["Cache-Control"] = "private, no-store"
        return response
