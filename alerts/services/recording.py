"""Recording an alert: one row in the transaction of the change, fan-out after commit."""

from django.utils import timezone

from accounts.models import User
from core.queueing import enqueue_on_commit
from notifications import kinds as mail_kinds
from notifications.models import OutboxMail
from tickets.models import Ticket

from ..models import AlertEvent, AlertKind


def alert_record(
    *,
    kind: str,
    ticket: Ticket,
    actor: User | None = None,
    target_user_id: int | None = None,
    sla_target: str = "",
) -> AlertEvent:
    """Write the event and queue its fan-out after commit; one INSERT, whatever the desk's size."""
    event = AlertEvent.objects.create(
        kind=kind,
        ticket=ticket,
        desk_id=ticket.desk_id,
        resolver_group_id=ticket.resolver_group_id,
        target_user_id=target_user_id,
        actor=actor if actor is not None and actor.pk else None,
        sla_target=sla_target,
        created_at=timezone.now(),
    )
    from ..tasks import fan_out_alert

    enqueue_on_commit(fan_out_alert, event.pk)
    return event


def alert_mail_undeliverable(*, mail: OutboxMail) -> AlertEvent | None:
    """A mail to a requester will not arrive: tell who works the request."""
    if mail_kinds.mail_class(mail.event) != mail_kinds.MailClass.REQUEST or not mail.thread_key:
        return None
    ticket = Ticket.objects.filter(reference=mail.thread_key).first()
    if ticket is None:
        return None
    return alert_record(
        kind=AlertKind.UNDELIVERABLE, ticket=ticket, target_user_id=ticket.assignee_id
    )
