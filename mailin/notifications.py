"""The mails mail in sends to a sender, through the outbox like every other mail.

Both go to the address the mail came from, in the request's thread, so the
sender's next reply finds the right request.
"""

from notifications.services import notify
from tickets.models import Ticket


def _to_sender(event: str, *, ticket: Ticket, email: str, **extra) -> None:
    user = ticket.requester if ticket.requester_email.lower() == email.lower() else None
    notify(
        event=event,
        recipient_email=email,
        context={"ticket": ticket, **extra},
        user=user,
        language=ticket.requester_language,
        thread_key=ticket.reference,
        reply_by_mail=True,
    )


def filed_as_new_request(*, ticket: Ticket, email: str) -> None:
    """The sender wrote about a request that is not theirs: their mail is a request of its own.

    Says nothing about the other request (not even whether it exists).
    """
    _to_sender("mailin_not_requester", ticket=ticket, email=email)


def attachments_refused(*, ticket: Ticket, email: str, refused: list[str]) -> None:
    """Files the web form would refuse are refused by mail too, and the sender hears why."""
    _to_sender("mailin_attachments_refused", ticket=ticket, email=email, refused=refused)
