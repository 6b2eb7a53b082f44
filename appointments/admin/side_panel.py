"""The appointment on the staff request page: a side panel section and the offering link.

Both are registered in ``apps.ready`` through the request admin's hooks.
"""

from django.http import HttpRequest
from django.urls import reverse
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


def offer_tool(request: HttpRequest, ticket: Ticket) -> tuple[str, str] | None:
    """The link to the offering page, for staff who may change appointments."""
    if not request.user.has_perm("appointments.change_appointment"):
        return None
    return reverse("admin:appointments_appointment_offer", args=[ticket.pk]), _("Appointment")
