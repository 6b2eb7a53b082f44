"""What a requester does to their own request beyond replying (used by the API).

The browser pages close and reply through ``status`` and ``conversation``;
the app also confirms a resolution, reopens it with a message and adds files
without writing a message. Each is a thin door over the same rules.
"""

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from core import clock
from tickets.choices import FINAL_STATUSES, TicketStatus
from tickets.models import Ticket, TicketAttachment, TicketMessage

from .conversation import ticket_reply
from .filing import attachments_add
from .status import ticket_set_status


@transaction.atomic
def ticket_confirm_resolution(*, ticket: Ticket, acting_user: User) -> Ticket:
    """The requester agrees the request is solved: resolved becomes closed."""
    ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)
    if ticket.status != TicketStatus.RESOLVED:
        raise ValidationError(
            _("Only a resolved request can be confirmed as solved."), code="not_resolved"
        )
    return ticket_set_status(
        ticket=ticket,
        status=TicketStatus.CLOSED,
        acting_user=acting_user,
        note="resolution confirmed",
    )


@transaction.atomic
def ticket_reopen(*, ticket: Ticket, body: str, acting_user: User) -> TicketMessage:
    """Not solved after all: a reply that reopens a resolved request (within the window)."""
    locked = Ticket.objects.select_for_update().get(pk=ticket.pk)
    if locked.status != TicketStatus.RESOLVED:
        raise ValidationError(_("Only a resolved request can be reopened."), code="not_resolved")
    return ticket_reply(ticket=locked, body=body, acting_user=acting_user)


@transaction.atomic
def ticket_add_attachments(
    *, ticket: Ticket, uploads: Sequence[UploadedFile], acting_user: User
) -> list[TicketAttachment]:
    """Add files to an unfinished request, under the same upload rules as filing."""
    locked = Ticket.objects.select_for_update().get(pk=ticket.pk)
    if locked.status in FINAL_STATUSES:
        raise ValidationError(
            _("This request is closed. File a new request if you still need help."),
            code="closed",
        )
    if not uploads:
        raise ValidationError(_("Add at least one file."), code="required")
    created = attachments_add(ticket=locked, uploads=uploads)
    locked.updated_at = clock.now()
    locked.save(update_fields=["updated_at"])
    return created
