"""The held list in the admin: who sees it, filing and discarding, the original."""

import pytest
from django.urls import reverse

from mailin.models import InboundMessage
from mailin.services import mail_receive
from mailin.tests.mails import new_mail
from notifications.models import OutboxMail

pytestmark = pytest.mark.django_db
Status = InboundMessage.Status
CHANGELIST = reverse("admin:mailin_inboundmessage_changelist")


@pytest.fixture
def held(mail_category):
    raw = b"Authentication-Results: mx.example.org; spf=fail smtp.mailfrom=example.net\r\n"
    return mail_receive(raw + new_mail(sender="Tom <tom@example.net>", subject="Wachtwoord kwijt"))


def test_first_line_sees_the_held_list_and_second_line_does_not(
    client, held, agent_first_line, agent_second_line
):
    assert held.status == Status.HELD
    client.force_login(agent_first_line)
    page = client.get(CHANGELIST, {"status__exact": "held"})
    assert page.status_code == 200 and "Wachtwoord kwijt" in page.content.decode()
    client.force_login(agent_second_line)
    page = client.get(CHANGELIST, {"status__exact": "held"})
    assert page.status_code == 200 and "Wachtwoord kwijt" not in page.content.decode()
    detail = reverse("admin:mailin_inboundmessage_change", args=[held.pk])
    assert client.get(detail).status_code == 302  # redirected away, as for a missing one


def test_first_line_files_a_held_mail_as_a_new_request(client, held, agent_first_line):
    client.force_login(agent_first_line)
    response = client.post(CHANGELIST, {"action": "file_as_new", "_selected_action": [held.pk]})
    assert response.status_code == 302
    held.refresh_from_db()
    assert (held.status, held.reason, held.acting_user) == (
        Status.PROCESSED, InboundMessage.Reason.FILED_BY_STAFF, agent_first_line
    )  # fmt: skip
    assert held.ticket.subject == "Wachtwoord kwijt"
    assert OutboxMail.objects.filter(recipient_email="tom@example.net").exists()


def test_first_line_discards_a_held_mail_and_cannot_file_it_afterwards(
    client, held, agent_first_line
):
    client.force_login(agent_first_line)
    client.post(CHANGELIST, {"action": "discard", "_selected_action": [held.pk]})
    held.refresh_from_db()
    assert held.status == Status.DISCARDED and held.ticket is None
    page = client.post(
        CHANGELIST, {"action": "file_as_new", "_selected_action": [held.pk]}, follow=True
    )
    assert "Alleen een tegengehouden mail kan" in page.content.decode()
    held.refresh_from_db()
    assert held.status == Status.DISCARDED


def test_the_original_is_shown_and_downloads_as_a_file(client, held, agent_first_line):
    client.force_login(agent_first_line)
    page = client.get(reverse("admin:mailin_inboundmessage_change", args=[held.pk]))
    assert "spf=fail" in page.content.decode()
    download = client.get(reverse("admin:mailin_inboundmessage_original", args=[held.pk]))
    assert download["Content-Type"] == "message/rfc822"
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"Wachtwoord kwijt" in b"".join(download.streaming_content)


def test_the_request_page_lists_the_mails_received_with_a_link_to_the_original(
    admin_client, mail_category
):
    inbound = mail_receive(new_mail(sender="Tom <tom@example.net>", subject="Printer stuk"))
    assert inbound.ticket is not None
    page = admin_client.get(
        reverse("admin:tickets_ticket_change", args=[inbound.ticket.pk])
    ).content.decode()
    assert "Mails received" in page or "Ontvangen mails" in page
    assert reverse("admin:mailin_inboundmessage_change", args=[inbound.pk]) in page
    original = admin_client.get(reverse("admin:mailin_inboundmessage_change", args=[inbound.pk]))
    assert original.status_code == 200 and "Printer stuk" in original.content.decode()
