"""The request page's side panel lists the mails that came in on the request.

Each links to its row in the mail-in admin, where the original message (all
of it, quotes, signature and attachments included) can be read. Registered
in ``MailinConfig.ready``; tickets never names this app.
"""

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from tickets.models import Ticket

from . import selectors

SHOWN = 5


def inbound_section(request: HttpRequest, ticket: Ticket) -> dict:
    """The newest mails received on ``ticket`` that this agent may see (one query)."""
    mails = list(
        selectors.inbound_visible_to(request.user)
        .filter(ticket=ticket)
        .only("pk", "received_at", "sender_email", "subject", "ticket_id")
        .order_by("-received_at", "-id")[:SHOWN]
    )
    return {
        "title": _("Mails received"),
        "template": "admin/mailin/side_panel.html",
        "mails": mails,
    }
