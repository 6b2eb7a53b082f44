"""The request page keeps its rendered conversation per revision, and never shows a stale one.

Every kind of write that changes what the conversation shows is made here
the way the code that makes it does (a service, a bulk ``update()``, a save
of a stale copy, the retention job's clearing of a file), and the page is
read again after it, as a requester following their request would.
"""

import datetime as dt
import importlib
import re
import time

import pytest
import time_machine
from django.conf import settings
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client

from core.templatetags.fragments import CSRF_PLACEHOLDER
from tickets import revision_cache
from tickets.choices import TicketStatus
from tickets.models import Ticket, TicketAttachment, TicketMessage
from tickets.services import ticket_rate, ticket_reply, ticket_set_status
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


# --- The page's own parts ({% kept_for_revision %}) ---------------------------


def test_a_status_changed_in_bulk_shows_at_once_and_takes_the_forms_away(signed_in, ticket):
    html = page(signed_in, ticket)
    assert 'id="reply-heading"' in html and 'id="close-heading"' in html
    Ticket.objects.filter(pk=ticket.pk).update(status=TicketStatus.CLOSED)
    html = page(signed_in, ticket)
    assert "status--closed" in html
    assert 'id="reply-heading"' not in html and 'id="close-heading"' not in html


def test_a_renamed_category_shows_at_once(signed_in, ticket, category):
    page(signed_in, ticket)
    category.name_nl = "Printen op de campus"
    category.save()  # as the admin saves it; the request itself does not change
    assert "Printen op de campus" in page(signed_in, ticket)


def test_the_rating_form_goes_when_its_window_closes(signed_in, ticket, student):
    ticket_set_status(ticket=ticket, status=TicketStatus.RESOLVED, acting_user=None)
    ticket_rate(ticket=ticket, score=4, comment="", acting_user=student)
    assert 'id="rate-heading"' in page(signed_in, ticket)
    with time_machine.travel(dt.timedelta(days=7, minutes=1)):
        html = page(signed_in, ticket)
    assert 'id="rate-heading"' not in html
    assert "Je gaf deze aanvraag 4 op 5. Bedankt." in html


def test_new_attachment_limits_show_on_a_kept_page(signed_in, ticket, settings):
    assert "Tot 5 bestanden" in page(signed_in, ticket)
    settings.TICKETS_ATTACHMENT_MAX_FILES = 2  # a new setting, the web processes restarted
    assert "Tot 2 bestanden" in page(signed_in, ticket)


def test_a_refused_reply_keeps_what_was_typed_and_the_next_view_is_empty(signed_in, ticket):
    page(signed_in, ticket)  # the empty form is kept
    exe = SimpleUploadedFile("setup.exe", b"MZ", content_type="application/pdf")
    html = signed_in.post(
        f"/requests/{ticket.reference}/reply/",
        {"body": "Here is the installer I used", "attachments": [exe]},
    ).content.decode()
    assert "Here is the installer I used</textarea>" in html
    assert 'id="id_attachments_error"' in html
    html = page(signed_in, ticket)
    assert "Here is the installer I used" not in html
    assert 'id="id_attachments_error"' not in html


def test_a_kept_page_carries_each_browsers_own_csrf_token(student, ticket):
    """Two browsers signed in as the same student: the second is served the page the
    first made, with its own token, which its own reply is accepted with."""
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    for browser in (first, second):
        browser.force_login(student)
    page(first, ticket)
    assert cache.get(revision_cache._slot("page", ticket.pk, "nl")) is not None
    html = page(second, ticket)  # from the kept page
    tokens = set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html))
    assert len(tokens) == 1 and CSRF_PLACEHOLDER not in html and "\ue010" not in html
    response = second.post(
        f"/requests/{ticket.reference}/reply/",
        {"body": "Still offline this morning.", "csrfmiddlewaretoken": tokens.pop()},
    )
    assert response.status_code == 302
    assert "Still offline this morning." in page(second, ticket)


def test_a_subject_cannot_forge_a_placeholder(signed_in, student, category):
    """What the requester typed is kept as typed, never filled in as a placeholder."""
    forged = "\ue010csrf\ue011 \ue010live0\ue011"
    ticket = file_ticket(student, category=category, subject=f"Printer {forged}")
    page(signed_in, ticket)
    assert forged in page(signed_in, ticket)


def session_queries() -> int:
    from tickets.tests.test_views import session_queries as of_views

    return of_views()


def csrf(html: str) -> str:
    marker = 'name="csrfmiddlewaretoken" value="'
    start = html.index(marker) + len(marker)
    return html[start : html.index('"', start)]
