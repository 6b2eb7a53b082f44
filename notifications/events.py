"""One writer per audit event on an outbox mail."""

from .models import OutboxMail, OutboxMailEvent


def outbox_mail_resent_event(*, mail: OutboxMail, acting_user, old_status: str) -> OutboxMailEvent:
    return OutboxMailEvent.objects.create(
        mail=mail,
        type=OutboxMailEvent.Type.RESENT,
        acting_user=acting_user,
        data={"old": old_status, "new": mail.status},
    )


def outbox_mail_cancelled_event(
    *, mail: OutboxMail, acting_user, old_status: str
) -> OutboxMailEvent:
    return OutboxMailEvent.objects.create(
        mail=mail,
        type=OutboxMailEvent.Type.CANCELLED,
        acting_user=acting_user,
        data={"old": old_status, "new": mail.status},
    )


def outbox_mail_read_event(*, mail: OutboxMail, acting_user) -> OutboxMailEvent:
    """Someone opened a security mail (a code or a sign-in link): who, which, when."""
    return OutboxMailEvent.objects.create(
        mail=mail,
        type=OutboxMailEvent.Type.READ,
        acting_user=acting_user,
        data={"event": mail.event},
    )
