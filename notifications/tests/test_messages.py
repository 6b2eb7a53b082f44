"""Headers: stable Message-ID, threading, Auto-Submitted, and no header injection.

Every test sends through real SMTP into the sink and reads the bytes that
arrived, so what is checked is what a mail server would see.
"""

import pytest

from accounts.tests.factories import StudentFactory
from notifications.models import OutboxMail
from notifications.services import notify, outbox_mail_create, outbox_mail_deliver
from tickets.choices import TicketStatus
from tickets.services import ticket_set_status
from tickets.tests.factories import file_ticket

pytestmark = pytest.mark.django_db

INJECTION = "Hello\r\nBcc: attacker@evil.test\r\nX-Injected: yes\n\rReply-To: evil@evil.test"
EXPECTED_HEADERS = {
    "Content-Type",
    "MIME-Version",
    "Subject",
    "From",
    "To",
    "Date",
    "Message-ID",
    "Auto-Submitted",
    "X-Auto-Response-Suppress",
}


def deliver(mail, sink):
    before = len(sink.messages)
    assert outbox_mail_deliver(mail_id=mail.pk) is True
    assert len(sink.wait_for(before + 1)) == before + 1
    return sink.messages[-1]


def test_crlf_in_a_users_name_adds_no_header(smtp_backend):
    user = StudentFactory(first_name=INJECTION, last_name="Peeters")
    mail = notify(event="mail_test", recipient_email=user.email, context={}, user=user)
    received = deliver(mail, smtp_backend)
    assert set(received.keys()) - {"Content-Transfer-Encoding"} == EXPECTED_HEADERS
    assert smtp_backend.envelopes[-1][1] == [user.email]
    assert received["To"].addresses[0].addr_spec == user.email
    assert "\n" not in received["To"] and "Bcc:" in str(received["To"])  # kept as text


def test_crlf_in_a_subject_adds_no_header(smtp_backend):
    mail = outbox_mail_create(
        event="account/email/test",
        recipient_email="sam@example.org",
        subject=INJECTION,
        body_text="Body",
        language="en",
    )
    received = deliver(mail, smtp_backend)
    assert set(received.keys()) - {"Content-Transfer-Encoding"} == EXPECTED_HEADERS
    assert received["Subject"].startswith("Hello Bcc: attacker@evil.test X-Injected: yes")
    assert smtp_backend.envelopes[-1][1] == ["sam@example.org"]


def test_crlf_in_context_text_of_a_subject_adds_no_header(smtp_backend):
    mail = notify(
        event="mail_test",
        recipient_email="sam@example.org",
        context={"note": INJECTION},
        thread_key="SD-2026-000123\r\nX-Injected: yes",
        language="en",
    )
    later = notify(
        event="mail_test",
        recipient_email="sam@example.org",
        context={"note": INJECTION},
        thread_key="SD-2026-000123\r\nX-Injected: yes",
        language="en",
    )
    deliver(mail, smtp_backend)
    received = deliver(later, smtp_backend)
    assert set(received.keys()) == EXPECTED_HEADERS | {"In-Reply-To", "References"}
    assert received["In-Reply-To"] == mail.message_id
    assert "X-Injected" not in received


def test_mails_of_one_request_reply_to_the_first_mail_the_recipient_got(smtp_backend):
    first = notify(
        event="mail_test", recipient_email="sam@example.org", context={}, thread_key="SD-2026-7"
    )
    second = notify(
        event="mail_test", recipient_email="sam@example.org", context={}, thread_key="SD-2026-7"
    )
    third = notify(
        event="mail_test", recipient_email="sam@example.org", context={}, thread_key="SD-2026-7"
    )
    other = notify(
        event="mail_test", recipient_email="sam@example.org", context={}, thread_key="SD-2026-8"
    )
    staff = notify(
        event="mail_test", recipient_email="agent@example.org", context={}, thread_key="SD-2026-7"
    )
    received = [deliver(mail, smtp_backend) for mail in (first, second, third, other, staff)]
    root = first.message_id
    # The first mail of each recipient's thread starts it; the later ones answer it.
    assert [m["In-Reply-To"] for m in received] == [None, root, root, None, None]
    assert [m["References"] for m in received] == [None, root, root, None, None]
    assert [m["Message-ID"] for m in received] == [
        mail.message_id for mail in (first, second, third, other, staff)
    ]
    assert len({m["Message-ID"] for m in received}) == 5
    assert all(m["Auto-Submitted"] == "auto-generated" for m in received)


def test_a_retried_mail_keeps_its_message_id(smtp_backend, settings):
    mail = notify(event="mail_test", recipient_email="sam@example.org", context={})
    smtp_backend.stop()
    with pytest.raises(Exception, match=r"ConnectionRefused|Connection refused"):
        outbox_mail_deliver(mail_id=mail.pk)
    smtp_backend.start()
    received = deliver(mail, smtp_backend)
    assert received["Message-ID"] == mail.message_id


def test_every_mail_about_a_request_threads_under_the_first_one_the_requester_got(
    smtp_backend, student, agent_first_line
):
    ticket = file_ticket(student)
    ticket_set_status(ticket=ticket, status=TicketStatus.WAITING, acting_user=agent_first_line)
    ticket_set_status(ticket=ticket, status=TicketStatus.RESOLVED, acting_user=agent_first_line)
    mails = list(
        OutboxMail.objects.filter(
            thread_key=ticket.reference, recipient_email=student.email
        ).order_by("created_at", "id")
    )
    assert [mail.event for mail in mails] == [
        "ticket_filed",
        "ticket_status_changed",
        "ticket_resolved",
    ]
    received = [deliver(mail, smtp_backend) for mail in mails]
    root = received[0]["Message-ID"]
    assert root == mails[0].message_id and "In-Reply-To" not in received[0]
    assert [(m["In-Reply-To"], m["References"]) for m in received[1:]] == [(root, root)] * 2
