"""Staff alerts hang on the request's and the outbox's signals; neither names this app."""

from django.dispatch import receiver

from notifications.signals import outbox_mail_undeliverable
from tickets import signals

from .models import AlertKind
from .services import alert_mail_undeliverable, alert_record

K = AlertKind


@receiver(signals.ticket_filed, dispatch_uid="alerts_new_request")
def new_request(sender, ticket, acting_user, **kwargs) -> None:
    alert_record(kind=K.NEW_REQUEST, ticket=ticket, actor=acting_user)


@receiver(signals.ticket_escalated, dispatch_uid="alerts_escalated")
def escalated(sender, ticket, acting_user, **kwargs) -> None:
    alert_record(kind=K.ESCALATED, ticket=ticket, actor=acting_user)


@receiver(signals.ticket_returned, dispatch_uid="alerts_returned")
def returned(sender, ticket, acting_user, **kwargs) -> None:
    alert_record(kind=K.RETURNED, ticket=ticket, actor=acting_user)


@receiver(signals.ticket_requester_replied, dispatch_uid="alerts_requester_replied")
def requester_replied(sender, ticket, acting_user, **kwargs) -> None:
    alert_record(
        kind=K.REQUESTER_REPLIED,
        ticket=ticket,
        actor=acting_user,
        target_user_id=ticket.assignee_id,
    )


@receiver(signals.ticket_sla_breached, dispatch_uid="alerts_sla_breached")
def sla_breached(sender, ticket, acting_user, **kwargs) -> None:
    alert_record(kind=K.SLA_BREACHED, ticket=ticket, target_user_id=ticket.assignee_id)


@receiver(signals.ticket_rated, dispatch_uid="alerts_negative_rating")
def negative_rating(sender, ticket, acting_user, score, old_score=None, **kwargs) -> None:
    # Only when the answer becomes negative: changing a 1 into a 2 is not news.
    if score <= 2 and (old_score is None or old_score > 2):
        alert_record(kind=K.NEGATIVE_RATING, ticket=ticket, actor=acting_user)


@receiver(outbox_mail_undeliverable, dispatch_uid="alerts_undeliverable")
def undeliverable(sender, mail, **kwargs) -> None:
    alert_mail_undeliverable(mail=mail)
