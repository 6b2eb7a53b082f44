"""Resolve a request and mail its survey, as the desk and the beat job do."""

import re
from datetime import timedelta

from core import clock
from notifications.models import OutboxMail
from surveys.services import surveys_send_due
from tickets.choices import TicketStatus
from tickets.models import DeskSettings, Ticket
from tickets.services import ticket_set_status
from tickets.tests.factories import file_ticket


def resolved_ticket(requester, agent, **overrides) -> Ticket:
    ticket = file_ticket(requester, **overrides)
    return ticket_set_status(ticket=ticket, status=TicketStatus.RESOLVED, acting_user=agent)


def after_delay(extra: timedelta = timedelta(minutes=1)):
    """The moment the survey of a request resolved now is due."""
    return clock.now() + timedelta(hours=DeskSettings.load().survey_delay_hours) + extra


def send_surveys() -> int:
    return surveys_send_due(now=after_delay())


def survey_mail(ticket: Ticket) -> OutboxMail:
    return OutboxMail.objects.get(event="ticket_survey", thread_key=ticket.reference)


def answer_link(mail: OutboxMail, score: int) -> str:
    """The path of the one-click link for ``score``, read from the mail's text."""
    match = re.search(rf"^{score}: .*?(/survey/\S+/)$", mail.body_text, re.MULTILINE)
    assert match, mail.body_text
    return match.group(1)
