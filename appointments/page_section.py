"""The appointment part of the requester's request page (registered in ``apps.ready``).

Read-only: the request's appointments (one query; none at all for a
request without any, which ``appointments_present`` tells the page with the
request itself) and, while one is
active, what the requester can still do with it online, asked of
``services.requester_options`` (one more query, for the desk's schedule) so
the page offers the same buttons as the API's ``can_*`` answers.
"""

from django.db.models import Exists, OuterRef
from django.http import HttpRequest
from django.urls import reverse

from tickets.models import Ticket

from . import selectors, services
from .models import Appointment


def appointments_present() -> Exists:
    """Whether the request has appointments, read with the request (so most cost no query)."""
    return Exists(Appointment.objects.filter(ticket=OuterRef("pk")))


def appointment_page_section(
    request: HttpRequest | None, ticket: Ticket, guest: bool
) -> dict | None:
    """The request's appointments (history included) and the link to manage them."""
    appointments = selectors.appointments_of_ticket(ticket)
    if not appointments:
        return None
    active = next((a for a in appointments if a.is_active), None)
    options = None
    if active is not None:
        schedule = selectors.schedule_for_desk(ticket.desk_id)
        options = services.requester_options(ticket=ticket, appointment=active, schedule=schedule)
    name = "appointments:guest_manage" if guest else "appointments:manage"
    return {
        "template": "appointments/partials/ticket_section.html",
        "appointments": appointments,
        "active": active,
        "options": options,
        "url": reverse(name, kwargs={"reference": ticket.reference}),
    }
