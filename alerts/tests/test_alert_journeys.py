"""The staff journeys, end to end against real parts.

A real ``celery worker`` process (on the configured broker: Redis, or the
filesystem broker in the embedded pass) finds the recipients, coalesces and
sends through the outbox to a real SMTP server on loopback; the test reads
what each agent received there.
"""

import time
from collections.abc import Iterator
from email.message import EmailMessage

import pytest
from django.db import connection

from accounts import roles
from accounts.tests.factories import StaffFactory, StudentFactory
from alerts.models import AlertDelivery, AlertKind, AlertMode
from alerts.services import alert_preferences_set
from alerts.tasks import send_digests
from core.testing.broker import purge_queue
from core.testing.processes import celery_worker
from core.testing.smtp import SmtpSink
from tickets import services
from tickets.tests.factories import CategoryFactory, DeskFactory, ResolverGroupFactory, file_ticket

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

WINDOW = 2  # seconds: the coalescing window the worker uses here


@pytest.fixture(scope="module")
def sink(django_db_setup, django_db_blocker) -> Iterator[SmtpSink]:
    """One SMTP sink and one worker for the module: starting a worker costs seconds."""
    with django_db_blocker.unblock():
        connection.ensure_connection()
        purge_queue()
        with (
            SmtpSink() as smtp,
            celery_worker(
                extra_env={"EMAIL_URL": smtp.email_url, "ALERTS_COALESCE_WINDOW": str(WINDOW)}
            ),
        ):
            yield smtp


@pytest.fixture
def received(sink) -> SmtpSink:
    with sink._lock:
        sink.messages.clear()
        sink.envelopes.clear()
    return sink


def mails_to(sink: SmtpSink, address: str) -> list[EmailMessage]:
    with sink._lock:
        return [
            message
            for message, (_sender, recipients) in zip(sink.messages, sink.envelopes, strict=True)
            if address in recipients
        ]


def wait_for(condition, *, timeout: float = 40.0, message: str = "") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(message or "timed out")
        time.sleep(0.1)


def subject(message: EmailMessage) -> str:
    return str(message["Subject"]).strip()


def body(message: EmailMessage) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


@pytest.fixture
def helpdesk():
    desk = DeskFactory(slug="helpdesk", name_nl="ICT-helpdesk", name_en="IT help desk")
    return desk, CategoryFactory(slug="wifi", default_desk=desk)


def test_agent1_hears_of_the_new_request_and_agent2_of_its_escalation(received, helpdesk):
    desk, category = helpdesk
    agent1 = StaffFactory(
        username="agent1", roles=[roles.FIRST_LINE_AGENT], preferred_language="en"
    )
    agent2 = StaffFactory(username="agent2", roles=[roles.SECOND_LINE_AGENT])
    desk.agents.add(agent1)
    group = ResolverGroupFactory(slug="portal", desk=desk)
    group.members.add(agent2)
    student = StudentFactory(username="student")

    ticket = file_ticket(student, category=category, subject="Eduroam keeps dropping")
    wait_for(lambda: mails_to(received, agent1.email), message="agent1 got no alert")
    [alert] = mails_to(received, agent1.email)
    assert subject(alert).startswith(f"[{ticket.reference}] New request at my desk")
    assert f"/admin/tickets/ticket/{ticket.pk}/change/" in body(alert)
    assert "Priority: P4: low" in body(alert)
    assert mails_to(received, agent2.email) == []  # second line hears nothing of filing

    services.ticket_escalate(ticket=ticket, group=group, note="Portal bug", acting_user=agent1)
    wait_for(lambda: mails_to(received, agent2.email), message="agent2 got no alert")
    [escalation] = mails_to(received, agent2.email)
    assert subject(escalation).startswith(f"[{ticket.reference}] Aanvraag geëscaleerd")
    assert len(mails_to(received, agent1.email)) == 1  # not told of their own escalation


def test_the_digest_arrives_once_grouped_by_desk(received, helpdesk):
    desk, category = helpdesk
    library = DeskFactory(slug="library", name_nl="Bibliotheek", name_en="Library")
    agent1 = StaffFactory(
        username="agent1", roles=[roles.FIRST_LINE_AGENT], preferred_language="en"
    )
    desk.agents.add(agent1)
    library.agents.add(agent1)
    alert_preferences_set(
        user=agent1, modes={AlertKind.NEW_REQUEST: AlertMode.DIGEST}, acting_user=agent1
    )
    wifi = file_ticket(None, category=category)
    book = file_ticket(None, category=CategoryFactory(slug="books", default_desk=library))
    wait_for(
        lambda: AlertDelivery.objects.filter(recipient=agent1).count() == 2,
        message="the events were not fanned out",
    )
    send_digests.delay()
    send_digests.delay()  # beat ran twice
    wait_for(lambda: mails_to(received, agent1.email), message="no digest arrived")
    time.sleep(2 * WINDOW)  # room for a second digest to show up, if there were one
    [digest] = mails_to(received, agent1.email)
    text = body(digest)
    assert "2 alerts" in subject(digest)
    assert text.index("== IT help desk ==") < text.index(wifi.reference)
    assert text.index(wifi.reference) < text.index("== Library ==") < text.index(book.reference)


BURST = 60


def test_a_burst_of_filings_costs_each_agent_a_few_coalesced_mails(received, helpdesk):
    desk, category = helpdesk
    agents = [StaffFactory(username=f"agent{n}", roles=[roles.FIRST_LINE_AGENT]) for n in range(3)]
    desk.agents.add(*agents)
    references = {file_ticket(None, category=category).reference for _ in range(BURST)}
    wait_for(
        lambda: AlertDelivery.objects.filter(batch__sent_at__isnull=False).count() == 3 * BURST,
        timeout=90,
        message="not every alert was sent",
    )
    for agent in agents:
        wait_for(
            lambda agent=agent: all(
                ref in "".join(body(m) for m in mails_to(received, agent.email))
                for ref in references
            ),
            message=f"{agent.username} did not hear of every request",
        )
        assert 1 <= len(mails_to(received, agent.email)) <= 4
