"""Read what the tickets app queued in the outbox (the notification pipeline sends it)."""

from notifications.models import OutboxMail


def outbox_for(reference: str) -> list[OutboxMail]:
    """The mails of one request's thread, oldest first."""
    return list(OutboxMail.objects.filter(thread_key=reference).order_by("id"))
