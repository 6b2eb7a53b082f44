"""The data-retention job: old closed guest requests lose personal data, files go, audit stays."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import StudentFactory
from notifications.models import OutboxMail
from servicedesk.retention import apply_retention
from tickets.choices import TicketStatus
from tickets.models import Ticket, TicketAttachment, TicketEvent
from tickets.tests.factories import file_ticket

pytestmark = pytest.mark.django_db


def _close(ticket: Ticket, *, days_ago: int) -> Ticket:
    closed = timezone.now() - timedelta(days=days_ago)
    Ticket.objects.filter(pk=ticket.pk).update(status=TicketStatus.CLOSED, closed_at=closed)
    ticket.refresh_from_db()
    return ticket


def _upload(name: str = "screen.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"\x89PNG\r\n\x1a\n" + b"0" * 64, content_type="image/png")


@pytest.fixture
def old_guest(settings, tmp_path):
    settings.RETENTION_GUEST_DATA_MONTHS = 24
    settings.RETENTION_ATTACHMENT_MONTHS = 12
    ticket = file_ticket(
        requester_name="Gert Gast", requester_email="gert@example.net", uploads=[_upload()]
    )
    return _close(ticket, days_ago=800)


def test_dry_run_reports_and_changes_nothing(old_guest, capsys):
    recent = _close(file_ticket(requester_email="recent@example.net"), days_ago=30)
    path = Path(old_guest.attachments.get().file.path)

    call_command("apply_retention", "--dry-run")

    out = capsys.readouterr().out
    assert "Dry run" in out
    assert "Guest requests anonymised: 1" in out
    assert "Attachment files deleted: 1" in out
    assert old_guest.reference in out and recent.reference not in out
    old_guest.refresh_from_db()
    assert old_guest.requester_email == "gert@example.net"
    assert path.exists()


def test_old_closed_guest_request_is_anonymised_and_its_file_deleted(
    old_guest, django_capture_on_commit_callbacks
):
    attachment = old_guest.attachments.get()
    path = Path(attachment.file.path)
    events_before = TicketEvent.objects.filter(ticket=old_guest).count()
    old_key = old_guest.access_key
    assert OutboxMail.objects.filter(recipient_email="gert@example.net").exists()
    open_one = file_ticket(requester_email="open@example.net", uploads=[_upload("a.png")])
    Ticket.objects.filter(pk=open_one.pk).update(created_at=timezone.now() - timedelta(days=900))

    with django_capture_on_commit_callbacks(execute=True):
        report = apply_retention()

    assert (report.guest_requests, report.attachments) == (1, 1)
    old_guest.refresh_from_db()
    assert (old_guest.requester_name, old_guest.requester_email) == ("", "")
    assert old_guest.access_key != old_key  # the private link mailed to the guest is dead
    assert old_guest.subject  # the request itself stays
    assert not OutboxMail.objects.filter(recipient_email="gert@example.net").exists()
    assert not path.exists()
    attachment.refresh_from_db()
    assert attachment.file.name == "" and attachment.original_name == "screen.png"
    assert TicketEvent.objects.filter(ticket=old_guest).count() == events_before
    # A request still open keeps everything, however old.
    open_one.refresh_from_db()
    assert open_one.requester_email == "open@example.net"
    assert Path(open_one.attachments.get().file.path).exists()
    # Twice is once (two beats by mistake): nothing left to do.
    again = apply_retention()
    assert (again.guest_requests, again.attachments, again.guest_mails) == (0, 0, 0)


def test_requester_sees_a_removed_file_named_and_cannot_download_it(settings, client):
    settings.RETENTION_GUEST_DATA_MONTHS = 0
    settings.RETENTION_ATTACHMENT_MONTHS = 6
    student = StudentFactory()
    ticket = _close(file_ticket(student, uploads=[_upload("proof.png")]), days_ago=400)
    attachment = ticket.attachments.get()
    client.force_login(student)
    assert client.get(reverse("tickets:attachment", args=[attachment.pk])).status_code == 200

    report = apply_retention()

    assert report.guest_requests == 0 and report.attachments == 1
    assert client.get(reverse("tickets:attachment", args=[attachment.pk])).status_code == 404
    client.cookies["django_language"] = "en"
    page = client.get(reverse("tickets:detail", args=[ticket.reference])).content.decode()
    assert "proof.png (" in page or "proof.png <" in page
    assert "removed after the retention period" in page
    assert reverse("tickets:attachment", args=[attachment.pk]) not in page
    assert TicketAttachment.objects.filter(pk=attachment.pk).exists()


def test_a_guest_who_wrote_in_by_mail_is_forgotten_with_what_they_typed(
    settings, django_capture_on_commit_callbacks
):
    """The mail they sent (sender, subject, stored original) and their own words go too."""
    from mailin.models import InboundMessage
    from mailin.services import mail_receive
    from mailin.tests.mails import new_mail
    from tickets.tests.factories import CategoryFactory

    CategoryFactory(slug="mail-general")
    settings.INBOUND_CATEGORY = "mail-general"
    settings.RETENTION_GUEST_DATA_MONTHS = 24
    settings.RETENTION_ATTACHMENT_MONTHS = 0
    inbound = mail_receive(
        new_mail(
            sender="Gert Gast <gert.mail@example.net>",
            subject="Wifi blok B",
            text="Bel me op 0470 12 34 56, stamnummer 01234567.",
        )
    )
    ticket = _close(inbound.ticket, days_ago=800)
    raw_path = Path(inbound.raw.path)
    assert "0470 12 34 56" in ticket.description and raw_path.exists()

    assert "Mails from guests anonymised: 1" in "\n".join(apply_retention(dry_run=True).lines())
    with django_capture_on_commit_callbacks(execute=True):
        report = apply_retention()

    assert (report.guest_requests, report.guest_inbound_mails) == (1, 1)
    ticket.refresh_from_db()
    assert ticket.description == "" and ticket.subject == "Wifi blok B"
    inbound = InboundMessage.objects.get(pk=inbound.pk)
    assert (inbound.sender_email, inbound.sender_name, inbound.subject) == ("", "", "")
    assert inbound.raw.name == "" and not raw_path.exists()
    assert all(m.body == "" for m in ticket.messages.filter(is_staff_reply=False))
    assert apply_retention().guest_inbound_mails == 0  # twice is once


def test_what_the_request_page_kept_of_an_anonymised_request_is_forgotten(
    old_guest, settings, django_capture_on_commit_callbacks
):
    """The kept conversation holds the guest's words: it goes with the retention run."""
    from django.core.cache import cache

    from tickets import revision_cache

    settings.TICKETS_REVISION_CACHE = True
    html = revision_cache.requester_conversation_html(old_guest)
    assert "Gert Gast" in html
    slot = revision_cache._slot("conversation", old_guest.pk, "nl")
    assert cache.get(slot) is not None

    with django_capture_on_commit_callbacks(execute=True):
        apply_retention()

    assert cache.get(slot) is None
    old_guest.refresh_from_db()
    assert "Gert Gast" not in revision_cache.requester_conversation_html(old_guest)
