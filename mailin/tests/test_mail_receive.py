"""``mail_receive``: matching a mail to a request, and every case that holds or ignores it."""

import re
import uuid
from datetime import timedelta

import pytest
import time_machine

from mailin.models import InboundMessage
from mailin.services import mail_receive
from mailin.tests.mails import PNG, bounce, new_mail, out_of_office, reply_to
from notifications.models import OutboxMail
from tickets.choices import TicketStatus
from tickets.links import private_link_path, ticket_from_token
from tickets.models import Ticket
from tickets.services import ticket_reply, ticket_set_status
from tickets.tests.factories import file_ticket

pytestmark = pytest.mark.django_db
Status = InboundMessage.Status
Reason = InboundMessage.Reason


def from_requester(ticket: Ticket):
    return ticket.messages.filter(is_staff_reply=False)


@pytest.fixture
def answered(student, agent_first_line, mail_category):
    """The student's request with the desk's answer mailed ("Nieuw antwoord op je aanvraag")."""
    ticket = file_ticket(student, category=mail_category)
    ticket_reply(ticket=ticket, body="Probeer opnieuw in te loggen.", acting_user=agent_first_line)
    mail = OutboxMail.objects.filter(thread_key=ticket.reference, event="ticket_reply").get()
    return ticket, mail


def test_a_reply_lands_on_the_request_with_the_quote_cut_and_the_file_stored(student, answered):
    ticket, mail = answered
    raw = reply_to(
        mail, sender=f"Sam <{student.email}>", text="Het lukt nog steeds niet.",
        attachments=[("scherm.png", PNG, "image/png")],
    )  # fmt: skip
    inbound = mail_receive(raw)
    assert (inbound.status, inbound.reason) == (Status.PROCESSED, Reason.REPLY)
    message = from_requester(ticket).get()
    assert message.body == "Het lukt nog steeds niet."
    assert message.author == student and not message.is_staff_reply
    assert [a.original_name for a in message.attachments.all()] == ["scherm.png"]
    assert inbound.ticket_message == message
    with inbound.raw.open("rb") as handle:
        assert handle.read() == raw  # the original, in full, for staff


def test_the_subject_token_matches_when_the_client_dropped_the_threading_headers(student, answered):
    ticket, mail = answered
    mail_receive(reply_to(mail, sender=student.email, text="Nog een vraag.", threading=False))
    assert from_requester(ticket).get().body == "Nog een vraag."


def test_the_same_mail_fetched_twice_is_posted_once(student, answered):
    ticket, mail = answered
    raw = reply_to(mail, sender=student.email, text="Eén keer.")
    first = mail_receive(raw)
    second = mail_receive(raw)
    assert first.pk == second.pk
    assert from_requester(ticket).count() == 1
    assert InboundMessage.objects.count() == 1


def test_a_stranger_quoting_the_reference_gets_a_request_of_their_own(student, answered):
    ticket, mail = answered
    stranger = f"stranger-{uuid.uuid4().hex[:6]}@example.net"
    inbound = mail_receive(reply_to(mail, sender=f"Eve <{stranger}>", text="Geef mij toegang."))
    assert inbound.reason == Reason.NOT_REQUESTER
    assert from_requester(ticket).count() == 0
    own = inbound.ticket
    assert own != ticket and own.requester is None and own.requester_email == stranger
    told = OutboxMail.objects.filter(recipient_email=stranger).values_list("event", flat=True)
    assert set(told) == {"ticket_filed_guest", "mailin_not_requester"}
    assert not OutboxMail.objects.filter(
        recipient_email=stranger, body_text__contains=ticket.subject
    ).exists()


def test_a_new_mail_files_a_guest_request_with_the_follow_link(mail_category):
    inbound = mail_receive(new_mail(sender="Nina <nina@example.net>", subject="Printer kapot"))
    ticket = inbound.ticket
    assert (inbound.reason, ticket.subject, ticket.requester_email) == (
        Reason.NEW_REQUEST, "Printer kapot", "nina@example.net"
    )  # fmt: skip
    confirmation = OutboxMail.objects.get(recipient_email="nina@example.net")
    assert confirmation.event == "ticket_filed_guest"
    # The link is signed with a timestamp, so compare what it opens rather
    # than its text (a second may pass between the mail and this line).
    prefix = private_link_path(ticket).rsplit("/", 2)[0] + "/"
    tokens = re.findall(re.escape(prefix) + r"([^/\s]+)/", confirmation.body_text)
    assert [ticket_from_token(token) for token in tokens][:1] == [ticket]


def test_a_new_mail_from_a_verified_address_is_filed_on_the_account(student, mail_category):
    inbound = mail_receive(new_mail(sender=student.email.upper()))
    assert inbound.ticket.requester == student


@pytest.mark.parametrize(
    ("preferred", "expected"), [("en", "(no subject)"), ("nl", "(geen onderwerp)")]
)
def test_a_new_mail_is_filed_in_the_senders_profile_language(
    student, mail_category, preferred, expected
):
    """The recipient rule (core.translation.recipient_language): the account's language."""
    student.preferred_language = preferred
    student.save(update_fields=["preferred_language"])
    inbound = mail_receive(new_mail(sender=student.email, subject=""))
    assert (inbound.ticket.subject, inbound.ticket.requester_language) == (expected, preferred)


def test_a_new_mail_from_a_stranger_is_filed_in_the_portals_language(mail_category, settings):
    inbound = mail_receive(new_mail(subject=""))
    assert inbound.ticket.requester_language == settings.LANGUAGE_CODE == "nl"
    assert inbound.ticket.subject == "(geen onderwerp)"


def test_an_out_of_office_is_ignored_and_never_answered(student, answered):
    ticket, mail = answered
    before = OutboxMail.objects.count()
    inbound = mail_receive(out_of_office(sender=student.email, subject=mail.subject))
    assert (inbound.status, inbound.reason) == (Status.IGNORED, Reason.AUTO_REPLY)
    assert from_requester(ticket).count() == 0
    assert OutboxMail.objects.count() == before


@pytest.mark.parametrize(
    "headers",
    [
        {"Precedence": "bulk"},
        {"Auto-Submitted": "auto-generated"},
        {"X-Auto-Response-Suppress": "OOF"},
    ],
)
def test_robot_mail_is_ignored(mail_category, headers):
    inbound = mail_receive(new_mail(headers=headers))
    assert inbound.status == Status.IGNORED
    assert not Ticket.objects.exists()


def test_a_bounce_marks_the_outbox_mail_bounced(answered):
    _ticket, mail = answered
    OutboxMail.objects.filter(pk=mail.pk).update(
        status=OutboxMail.Status.SENT, sent_at=mail.created_at
    )
    inbound = mail_receive(bounce(of=mail))
    assert (inbound.status, inbound.reason) == (Status.IGNORED, Reason.BOUNCE)
    mail.refresh_from_db()
    assert mail.status == OutboxMail.Status.BOUNCED


def test_failed_dmarc_is_held_and_never_posted_as_the_requester(student, answered):
    ticket, mail = answered
    raw = reply_to(mail, sender=student.email, text="Vervalst.")
    raw = b"Authentication-Results: mx.example.org; dmarc=fail header.from=example.org\r\n" + raw
    inbound = mail_receive(raw)
    assert (inbound.status, inbound.reason) == (Status.HELD, Reason.AUTH_FAILED)
    assert from_requester(ticket).count() == 0


def test_too_big_is_held_with_the_reason(settings, mail_category):
    settings.INBOUND_MAX_BYTES = 2000
    inbound = mail_receive(new_mail(text="x" * 5000, subject="Groot"))
    assert (inbound.status, inbound.reason, inbound.subject) == (
        Status.HELD,
        Reason.TOO_BIG,
        "Groot",
    )
    assert not Ticket.objects.exists()


def test_an_unknown_charset_is_held(mail_category):
    raw = (
        b"From: a@example.net\r\nSubject: vreemd\r\nMessage-ID: <cs@example.net>\r\n"
        b"Content-Type: text/plain; charset=x-klingon\r\n\r\nQapla'\r\n"
    )
    inbound = mail_receive(raw)
    assert (inbound.status, inbound.reason) == (Status.HELD, Reason.UNKNOWN_CHARSET)


def test_past_the_sender_limit_mail_is_held(settings, mail_category):
    settings.INBOUND_SENDER_RATE_LIMIT = (2, 3600)
    sender = f"flood-{uuid.uuid4().hex[:6]}@example.net"
    results = [mail_receive(new_mail(sender=sender)).reason for _ in range(3)]
    assert results == [Reason.NEW_REQUEST, Reason.NEW_REQUEST, Reason.RATE_LIMITED]


def test_a_reply_to_a_resolved_request_reopens_it_within_the_window(
    student, answered, agent_first_line
):
    ticket, mail = answered
    ticket_set_status(ticket=ticket, status=TicketStatus.RESOLVED, acting_user=agent_first_line)
    mail_receive(reply_to(mail, sender=student.email, text="Toch niet opgelost."))
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.IN_PROGRESS


def test_after_the_window_a_reply_starts_a_new_request_linking_the_old(
    student, answered, agent_first_line, settings
):
    ticket, mail = answered
    ticket_set_status(ticket=ticket, status=TicketStatus.RESOLVED, acting_user=agent_first_line)
    with time_machine.travel(ticket.resolved_at + timedelta(days=settings.TICKETS_REOPEN_DAYS + 1)):
        inbound = mail_receive(reply_to(mail, sender=student.email, text="Weer kapot."))
    assert inbound.reason == Reason.TOO_LATE
    assert inbound.ticket != ticket and inbound.ticket.requester == student
    assert ticket.reference in inbound.ticket.description
    assert from_requester(ticket).count() == 0


def test_a_refused_attachment_is_reported_to_the_sender(student, answered):
    ticket, mail = answered
    files = [("virus.exe", b"MZ", "application/octet-stream"), ("log.txt", b"ok", "text/plain")]
    raw = reply_to(mail, sender=student.email, text="Zie bijlagen.", attachments=files)
    mail_receive(raw)
    assert [a.original_name for a in from_requester(ticket).get().attachments.all()] == ["log.txt"]
    report = OutboxMail.objects.get(event="mailin_attachments_refused")
    assert report.recipient_email == student.email and "virus.exe" in report.body_text
