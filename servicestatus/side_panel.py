"""The request page's side panel: the major incident a request belongs to."""

from django.http import HttpRequest
from django.utils.translation import gettext as _

from tickets.models import Ticket

from .models import IncidentTicket


def incident_section(request: HttpRequest, ticket: Ticket) -> dict:
    """The linked incident (one indexed query), or a way to promote the request to one."""
    link = IncidentTicket.objects.filter(ticket=ticket).select_related("incident").first()
    return {
        "title": _("Major incident"),
        "template": "admin/servicestatus/side_panel.html",
        "incident": link.incident if link else None,
        "may_open": request.user.has_perm("servicestatus.add_incident"),
        "ticket": ticket,
    }
