"""Filing survives a broker outage: the request is saved, its mails go out later.

Real parts: ``runserver`` and ``celery worker`` as their own processes, a
private ``redis-server`` as the broker that is stopped and started again, and
an SMTP server on loopback that counts what arrives.
"""

import importlib

import pytest
from django.apps import apps

from core.testing.http import post_form
from core.testing.processes import (
    outbox_swept_after_broker_outage,
    redis_server,
    wait_until,
    web_process,
)
from core.testing.smtp import SmtpSink
from notifications.models import OutboxMail
from tickets.choices import Impact, Urgency
from tickets.models import Ticket
from tickets.tests.factories import CategoryFactory

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

defaults = importlib.import_module("tickets.migrations.0003_defaults_and_role_permissions")


def test_request_filed_while_the_broker_is_down_is_saved_and_its_mail_arrives_later():
    # A transactional test starts from flushed tables: put back the priority
    # matrix, SLA targets and opening hours the data migration made.
    defaults.fill_defaults(apps, None)
    category = CategoryFactory()
    with redis_server() as port:
        broker = f"redis://127.0.0.1:{port}/0"
    # The private Redis is stopped now: nothing listens on the port.
    with web_process(extra_env={"CELERY_BROKER_URL": broker}) as site:
        response = post_form(
            site,
            "/requests/new/",
            {
                "name": "Guest Person",
                "email": "guest-broker-down@example.net",
                "category": str(category.pk),
                "subject": "Wifi drops every ten minutes",
                "description": "Since Monday in the library.",
                "impact": str(Impact.JUST_ME),
                "urgency": str(Urgency.BLOCKS_MY_WORK),
            },
        )
    assert response.status == 200
    assert "/requests/filed/" in response.url  # the user sees success
    ticket = Ticket.objects.get(requester_email="guest-broker-down@example.net")
    mail = OutboxMail.objects.get(recipient_email=ticket.requester_email)
    assert mail.status == OutboxMail.Status.READY
    assert ticket.reference in mail.subject

    # The broker is back: beat would queue the sweep; ``celery call`` does it.
    with SmtpSink() as sink:
        worker_env = {
            "EMAIL_URL": sink.email_url,
            "CELERY_BROKER_URL": broker,
            "NOTIFICATIONS_SWEEP_GRACE": "0",
        }
        with outbox_swept_after_broker_outage(port=port, worker_env=worker_env):
            wait_until(
                lambda: OutboxMail.objects.filter(
                    pk=mail.pk, status=OutboxMail.Status.SENT
                ).exists(),
                timeout=30,
                message="the sweeper did not get the mail delivered",
            )
        assert sink.message_ids() == [mail.message_id]
        assert sink.envelopes[0][1] == ["guest-broker-down@example.net"]
