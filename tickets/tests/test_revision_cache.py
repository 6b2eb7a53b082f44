"""The request page keeps its rendered conversation per revision, and never shows a stale one.

Every kind of write that changes what the conversation shows is made here
the way the code that makes it does (a service, a bulk ``update()``, a save
of a stale copy, the retention job's clearing of a file), and the page is
read again after it, as a requester following their request would.
"""

import importlib
import time

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from tickets.models import Ticket, TicketAttachment, TicketMessage
from tickets.services import ticket_reply
from tickets.tests.factories import file_ticket
from tickets.tests.storage import use_private_storage

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    use_private_storage(settings, tmp_path)
    # On in both passes (it is on by default only with Redis): the file cache
    # of the embedded pass shows the same behaviour.
    settings.TICKETS_REVISION_CACHE = True


@pytest.fixture
def ticket(student, category):
    return file_ticket(student, category=category, description="The printer is offline.")


@pytest.fixture
def signed_in(client, student):
    client.force_login(student)
    client.get("/requests/")  # the session and the AUP gate are settled
    return client


def page(client, ticket: Ticket) -> str:
    response = client.get(f"/requests/{ticket.reference}/")
    assert response.status_code == 200
    return response.content.decode()


def test_a_second_view_reads_no_conversation(
    signed_in, ticket, django_assert_max_num_queries, django_assert_num_queries
):
    ticket_reply(ticket=ticket, body="Which printer?", acting_user=None)
    first = page(signed_in, ticket)
    # The user and the request; not the messages, nor their files.
    with django_assert_max_num_queries(2 + session_queries()) as queries:
        second = page(signed_in, ticket)
    assert not any("tickets_ticketmessage" in query["sql"] for query in queries.captured_queries)
    assert first == second.replace(csrf(second), csrf(first))
    assert "Which printer?" in second


def test_a_reply_shows_at_once(signed_in, ticket, student):
    assert "Room 4.12" not in page(signed_in, ticket)
    ticket_reply(ticket=ticket, body="Room 4.12, the one by the window.", acting_user=student)
    assert "Room 4.12, the one by the window." in page(signed_in, ticket)


def test_a_bulk_update_of_a_message_shows_at_once(signed_in, ticket, student):
    ticket_reply(ticket=ticket, body="My phone number is 0612345678", acting_user=student)
    assert "0612345678" in page(signed_in, ticket)
    TicketMessage.objects.filter(ticket=ticket).update(body="[removed]")
    html = page(signed_in, ticket)
    assert "0612345678" not in html and "[removed]" in html


def test_a_description_saved_with_update_fields_shows_at_once(signed_in, ticket):
    page(signed_in, ticket)
    ticket.description = "The printer on the third floor is offline."
    ticket.save(update_fields=["description"])  # updated_at does not move
    assert "third floor" in page(signed_in, ticket)


def test_the_database_keeps_every_revision_trigger():
    """A later migration that rebuilds one of these tables (SQLite remakes a table for most
    changes) drops its triggers; this fails until it creates them again."""
    triggers = importlib.import_module("tickets.migrations.0018_ticket_revision")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        present = {row[0] for row in cursor.fetchall()}
    assert set(triggers.TRIGGER_NAMES) <= present


def test_a_revision_is_the_time_of_the_change(ticket, student):
    """So it never repeats after a restore from a backup: the revisions the cache kept from
    before were times before the restore, and every change after it gets a later one."""
    before_ms = int(time.time() * 1000) - 1000  # the database's clock may lag a little
    ticket_reply(ticket=ticket, body="Any news?", acting_user=student)
    assert Ticket.objects.get(pk=ticket.pk).revision >= before_ms


def test_a_save_of_a_stale_copy_never_lowers_the_revision(ticket, student):
    stale = Ticket.objects.get(pk=ticket.pk)
    ticket_reply(ticket=ticket, body="Anything new?", acting_user=student)
    raised = Ticket.objects.get(pk=ticket.pk).revision
    assert raised > stale.revision
    stale.subject = "Printer offline"
    stale.save()
    assert Ticket.objects.get(pk=ticket.pk).revision > raised


def test_a_file_cleared_by_retention_shows_as_removed(signed_in, student, category):
    upload = SimpleUploadedFile("screenshot.png", b"png", content_type="image/png")
    ticket = file_ticket(student, category=category, uploads=[upload])
    assert "download>screenshot.png</a>" in page(signed_in, ticket)
    TicketAttachment.objects.filter(ticket=ticket).update(file="")  # as servicedesk/retention.py
    html = page(signed_in, ticket)
    assert "download>screenshot.png</a>" not in html
    assert "screenshot.png" in html


def test_a_deleted_message_disappears(signed_in, ticket, student):
    ticket_reply(ticket=ticket, body="Sent by mistake", acting_user=student)
    assert "Sent by mistake" in page(signed_in, ticket)
    TicketMessage.objects.filter(ticket=ticket).delete()
    assert "Sent by mistake" not in page(signed_in, ticket)


def test_a_message_moved_to_another_request_leaves_the_first(signed_in, student, category):
    first = file_ticket(student, category=category, subject="First")
    second = file_ticket(student, category=category, subject="Second")
    ticket_reply(ticket=first, body="Belongs to the second", acting_user=student)
    assert "Belongs to the second" in page(signed_in, first)
    assert "Belongs to the second" not in page(signed_in, second)
    TicketMessage.objects.filter(ticket=first).update(ticket=second)
    assert "Belongs to the second" not in page(signed_in, first)
    assert "Belongs to the second" in page(signed_in, second)


def test_each_language_gets_its_own_copy(signed_in, ticket):
    signed_in.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = page(signed_in, ticket)
    signed_in.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"
    dutch = page(signed_in, ticket)
    assert "Conversation" in english and "Gesprek" in dutch
    assert "Gesprek" not in english and "Conversation" not in dutch


def test_an_internal_note_never_shows(signed_in, ticket, agent):
    page(signed_in, ticket)
    ticket_reply(
        ticket=ticket, body="Requester was rude on the phone", acting_user=agent, internal=True
    )
    assert "rude" not in page(signed_in, ticket)


def session_queries() -> int:
    from tickets.tests.test_views import session_queries as of_views

    return of_views()


def csrf(html: str) -> str:
    marker = 'name="csrfmiddlewaretoken" value="'
    start = html.index(marker) + len(marker)
    return html[start : html.index('"', start)]
