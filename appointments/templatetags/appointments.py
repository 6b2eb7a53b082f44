"""The appointment part of the request page (read-only; one query)."""

from django import template
from django.urls import reverse

from tickets.models import Ticket

from .. import selectors

register = template.Library()


@register.inclusion_tag("appointments/partials/ticket_section.html")
def appointment_section(ticket: Ticket, guest: bool = False) -> dict:
    """The request's appointments (history included) and the link to manage them."""
    appointments = selectors.appointments_of_ticket(ticket)
    name = "appointments:guest_manage" if guest else "appointments:manage"
    return {
        "appointments": appointments,
        "active": next((a for a in appointments if a.is_active), None),
        "url": reverse(name, kwargs={"reference": ticket.reference}),
    }
