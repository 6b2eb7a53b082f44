"""Mail in, end to end: a real Dovecot, a real Celery worker polling it, a real SMTP sink.

Mails go into the mailbox by IMAP APPEND; the test asks for a poll as beat
would (``poll_mailbox.delay()``) and reads what the portal sent from the sink.
"""

import os
import signal
from collections import Counter
from contextlib import ExitStack
from email.message import EmailMessage

import pytest

from core.testing.processes import celery_worker, wait_until
from mailin.models import InboundMessage
from mailin.tasks import poll_mailbox
from mailin.tests.mails import PNG, new_mail, out_of_office
from notifications.models import OutboxMail
from tickets.models import Ticket, TicketAttachment
from tickets.services import ticket_reply
from tickets.tests.factories import file_ticket

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]
DESK = "servicedesk@example.org"


def worker_env(dovecot, smtp_sink, **extra: str) -> dict[str, str]:
    return {
        "EMAIL_URL": smtp_sink.email_url,
        "INBOUND_IMAP_URL": dovecot.url,
        "INBOUND_ADDRESS": DESK,
        "INBOUND_CATEGORY": "mail-general",
        # The counters live in the shared cache across runs; the limit has its own test.
        "INBOUND_SENDER_RATE_LIMIT": "10000",
        **extra,
    }


def sunk(smtp_sink, *, to: str) -> list[EmailMessage]:
    return [m for m in list(smtp_sink.messages) if to in str(m["To"])]


def client_reply(received: EmailMessage, *, sender: str) -> bytes:
    """What a mail client sends on "reply": quoted history, an HTML part, a file."""
    reply = EmailMessage()
    reply["From"] = sender
    reply["To"] = str(received["Reply-To"])
    reply["Subject"] = f"Re: {received['Subject']}"
    reply["Message-ID"] = "<reply-1@mail.example.net>"
    reply["In-Reply-To"] = str(received["Message-ID"])
    reply["References"] = f"{received['References']} {received['Message-ID']}"
    history = received.get_body(preferencelist=("plain",)).get_content()
    quoted = "\n".join(f"> {line}" for line in history.splitlines())
    reply.set_content(
        "Dank je, maar het lukt nog steeds niet.\nZie de schermafdruk.\n\n"
        f"Op 30-11-2026 om 10:00 schreef Servicedesk <{DESK}>:\n{quoted}\n"
    )
    reply.add_alternative(
        "<div>Dank je, maar het lukt nog steeds niet.<br>Zie de schermafdruk.</div>"
        f"<blockquote>{history}</blockquote>",
        subtype="html",
    )
    reply.add_attachment(PNG, maintype="image", subtype="png", filename="scherm.png")
    return reply.as_bytes()


def test_a_student_answers_the_desk_by_replying_from_a_mail_client(
    dovecot, smtp_sink, empty_queue, student, agent_first_line, mail_category, settings
):
    settings.INBOUND_ADDRESS = DESK
    ticket = file_ticket(student, category=mail_category)
    with celery_worker(extra_env=worker_env(dovecot, smtp_sink)):
        ticket_reply(
            ticket=ticket, body="Probeer opnieuw in te loggen.", acting_user=agent_first_line
        )
        wait_until(
            lambda: any("Nieuw antwoord" in str(m["Subject"]) for m in smtp_sink.messages),
            timeout=30, message="the desk's answer was not mailed",
        )  # fmt: skip
        received = next(m for m in smtp_sink.messages if "Nieuw antwoord" in str(m["Subject"]))
        assert received["Reply-To"] == DESK
        assert "antwoorden door" in received.get_body(preferencelist=("plain",)).get_content()

        dovecot.append(client_reply(received, sender=f"Sam <{student.email}>"))
        poll_mailbox.delay()
        wait_until(
            lambda: ticket.messages.filter(is_staff_reply=False).exists(),
            timeout=30, message="the reply did not land on the request",
        )  # fmt: skip
        wait_until(lambda: dovecot.unprocessed() == 0, timeout=10, message="not marked processed")
    message = ticket.messages.get(is_staff_reply=False)
    assert message.body == "Dank je, maar het lukt nog steeds niet.\nZie de schermafdruk."
    assert message.author == student
    attachment = TicketAttachment.objects.get(message=message)
    assert attachment.original_name == "scherm.png" and attachment.size == len(PNG)
    inbound = InboundMessage.objects.get()
    assert (inbound.ticket, inbound.status) == (ticket, InboundMessage.Status.PROCESSED)
    assert b"Op 30-11-2026 om 10:00 schreef" in inbound.raw.open("rb").read()


def test_new_mail_out_of_office_and_a_stranger_each_get_their_due(
    dovecot, smtp_sink, empty_queue, student, mail_category, client, settings
):
    theirs = file_ticket(student, category=mail_category)
    stranger = "eve@example.net"
    dovecot.append(
        new_mail(sender="Nina <nina@example.net>", subject="Printer kapot", message_id="<n@x>"),
        out_of_office(sender="away@example.net", subject=f"[{theirs.reference}] Iets"),
        new_mail(
            sender=f"Eve <{stranger}>", subject=f"Re: [{theirs.reference}] Nieuw antwoord",
            text=f"Zet mij erbij.\n\n> Aanvraag {theirs.reference}", message_id="<e@x>",
        ),
    )  # fmt: skip
    with celery_worker(extra_env=worker_env(dovecot, smtp_sink)):
        poll_mailbox.delay()
        wait_until(
            lambda: len(sunk(smtp_sink, to="nina@example.net")) == 1
            and len(sunk(smtp_sink, to=stranger)) == 2,
            timeout=40, message=lambda: f"mails: {[m['To'] for m in smtp_sink.messages]}",
        )  # fmt: skip
    nina = Ticket.objects.get(requester_email="nina@example.net")
    (confirmation,) = sunk(smtp_sink, to="nina@example.net")
    assert nina.reference in str(confirmation["Subject"])
    text = confirmation.get_body(preferencelist=("plain",)).get_content()
    link = next(word for word in text.split() if word.startswith(settings.SITE_URL))
    page = client.get(link.removeprefix(settings.SITE_URL), follow=True)
    assert page.status_code == 200 and "Printer kapot" in page.content.decode()

    assert not theirs.messages.exists()  # the stranger never lands on the student's request
    eve = Ticket.objects.get(requester_email=stranger)
    assert eve != theirs
    subjects = {str(m["Subject"]) for m in sunk(smtp_sink, to=stranger)}
    assert f"[{eve.reference}] Je mail is een nieuwe aanvraag" in subjects
    ooo = InboundMessage.objects.get(sender_email="away@example.net")
    assert ooo.status == InboundMessage.Status.IGNORED
    assert not sunk(smtp_sink, to="away@example.net")
    assert not OutboxMail.objects.filter(recipient_email="away@example.net").exists()


def test_a_hundred_mails_with_the_worker_killed_twice_each_land_once(
    dovecot, smtp_sink, empty_queue, mail_category
):
    count = 100
    dovecot.append(
        *(
            new_mail(sender=f"s{n}@example.net", subject=f"Vraag {n:03d}", message_id=f"<m{n}@x>")
            for n in range(count)
        )
    )
    env = worker_env(dovecot, smtp_sink, INBOUND_FETCH_BATCH="7")
    with ExitStack() as stack:
        for kill_at in (25, 60):
            worker = stack.enter_context(celery_worker(extra_env=env))
            poll_mailbox.delay()
            wait_until(
                lambda kill_at=kill_at: InboundMessage.objects.count() >= kill_at,
                timeout=60, message=lambda: f"only {InboundMessage.objects.count()} handled",
            )  # fmt: skip
            os.kill(worker.pid, signal.SIGKILL)
            worker.wait(timeout=10)
        assert InboundMessage.objects.count() < count  # the kills really were mid-poll
        stack.enter_context(celery_worker(extra_env=env))
        poll_mailbox.delay()
        wait_until(
            lambda: dovecot.unprocessed() == 0,
            timeout=90, message=lambda: f"{dovecot.unprocessed()} left on the server",
        )  # fmt: skip
    subjects = Counter(Ticket.objects.values_list("subject", flat=True))
    assert len(subjects) == count and set(subjects.values()) == {1}
    assert InboundMessage.objects.filter(status=InboundMessage.Status.PROCESSED).count() == count
