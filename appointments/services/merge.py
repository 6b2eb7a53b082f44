"""What a merge of two requests does to their appointments (a tickets merge step)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from accounts.models import User
from appointments.models import ACTIVE_STATUSES, Appointment
from tickets.models import Ticket


def appointments_move_on_merge(*, source: Ticket, target: Ticket, acting_user: User) -> int:
    """Move the duplicate's appointments to the request that is kept.

    A request has at most one active appointment (invited or booked); when
    both have one, the agent must cancel one first rather than have the
    merge pick which meeting the requester loses.
    """
    active = Appointment.objects.filter(ticket__in=[source, target], status__in=ACTIVE_STATUSES)
    if len({appointment.ticket_id for appointment in active}) > 1:
        raise ValidationError(
            _("%(source)s and %(target)s both have an appointment: cancel one before merging.")
            % {"source": source.reference, "target": target.reference},
            code="two_appointments",
        )
    return Appointment.objects.filter(ticket=source).update(ticket=target)
