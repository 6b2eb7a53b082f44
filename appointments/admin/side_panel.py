"""The request page's side panel shows the request's appointment (registered in apps.ready)."""

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from appointments.models import Appointment
from tickets.models import Ticket


def appointment_section(request: HttpRequest, ticket: Ticket) -> dict:
    """The newest appointment of the request (one indexed query), or "none"."""
    appointment = (
        Appointment.objects.filter(ticket=ticket)
        .select_related("location", "agent")
        .order_by("-created_at", "-id")
        .first()
    )
    return {
        "title": _("Appointment"),
        "template": "admin/appointments/side_panel.html",
        "appointment": appointment,
    }
