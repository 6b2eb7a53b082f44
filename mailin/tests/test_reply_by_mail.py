"""Request mails invite a reply by mail, with Reply-To, only when mail in is on."""

import pytest

from notifications.messages import build_message
from notifications.models import OutboxMail
from tickets.services import ticket_reply
from tickets.tests.factories import file_ticket

pytestmark = pytest.mark.django_db
DO_NOT_REPLY = "Antwoord er niet op"


def answer_mail(student, agent, category) -> OutboxMail:
    ticket = file_ticket(student, category=category)
    ticket_reply(ticket=ticket, body="Probeer opnieuw.", acting_user=agent)
    return OutboxMail.objects.get(thread_key=ticket.reference, event="ticket_reply")


def test_with_mail_in_the_requester_may_reply_to_the_desk(
    settings, student, agent_first_line, mail_category
):
    settings.INBOUND_ADDRESS = "servicedesk@example.org"
    mail = answer_mail(student, agent_first_line, mail_category)
    assert mail.reply_to == "servicedesk@example.org"
    assert build_message(mail).extra_headers["Reply-To"] == "servicedesk@example.org"
    assert "gewoon deze mail te beantwoorden" in mail.body_text
    assert "gewoon deze mail te beantwoorden" in mail.body_html
    assert DO_NOT_REPLY not in mail.body_html


def test_without_mail_in_the_mail_still_says_do_not_reply(
    settings, student, agent_first_line, mail_category
):
    settings.INBOUND_ADDRESS = ""
    mail = answer_mail(student, agent_first_line, mail_category)
    assert mail.reply_to == ""
    assert "Reply-To" not in build_message(mail).extra_headers
    assert DO_NOT_REPLY in mail.body_html
