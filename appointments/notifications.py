"""The mails of an appointment; each change to a booking carries the invitation.

Services call these inside their transaction; ``notify`` writes the outbox
row and the invitation is stored next to it as an attachment, so both
leave together after commit or not at all. The invitation travels the iMIP
way (RFC 6047): a ``text/calendar; method=REQUEST`` (or ``CANCEL``) part in
the mail's alternative body, which Outlook, Gmail and Apple Mail act on,
and the same file as an ``appointment.ics`` attachment for everyone else.
The reminder is an optional mail (``notifications.kinds.OPTIONAL_EVENTS``).
"""

from django.conf import settings
from django.urls import reverse

from notifications.services import notify, outbox_mail_attach
from tickets import links

from .models import Appointment


def appointment_page_url(appointment: Appointment) -> str:
    """Where the requester manages the appointment; a guest goes through the private link."""
    ticket = appointment.ticket
    if ticket.requester_id is None:
        path = links.private_link_path(ticket)
    else:
        path = reverse("appointments:manage", kwargs={"reference": ticket.reference})
    return settings.SITE_URL + path


def _send(event: str, appointment: Appointment, *, with_ics: bool) -> None:
    ticket = appointment.ticket
    mail = notify(
        event=event,
        recipient_email=ticket.requester_email,
        context={
            "appointment": appointment,
            "ticket": ticket,
            "url": appointment_page_url(appointment),
        },
        user=ticket.requester,
        language=ticket.requester_language,
        thread_key=ticket.reference,
    )
    if mail is not None and with_ics:
        # icalendar costs every web worker ~9 MB; only the mail being built needs it.
        from .ics import appointment_invitation

        invitation = appointment_invitation(appointment, language=mail.language)
        outbox_mail_attach(
            mail=mail,
            filename="appointment.ics",
            content=invitation.content,
            mimetype=invitation.mimetype,
            also_in_body=True,
        )


def send_invitation(appointment: Appointment) -> None:
    _send("appointment_invited", appointment, with_ics=False)


def send_confirmation(appointment: Appointment) -> None:
    _send("appointment_confirmed", appointment, with_ics=True)


def send_rescheduled(appointment: Appointment) -> None:
    _send("appointment_rescheduled", appointment, with_ics=True)


def send_cancelled(appointment: Appointment) -> None:
    _send("appointment_cancelled", appointment, with_ics=appointment.starts_at is not None)


def send_reminder(appointment: Appointment) -> None:
    _send("appointment_reminder", appointment, with_ics=False)
