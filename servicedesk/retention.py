"""Data retention: what the portal forgets about closed requests after a while.

Two rules, each in months after a request was closed (0 = off):

* ``RETENTION_GUEST_DATA_MONTHS``: a request filed without an account loses
  its guest's name, email address and student number, what the guest typed
  (the description and their messages: free text often holds a phone number
  or a student number), the guest's name on their messages, the addresses and
  bodies of the mails sent to them, and the mails they sent in (sender,
  subject and the stored original); its private link stops working (the
  access key is rotated). The subject stays, so the desk still sees what the
  request was about.
* ``RETENTION_ATTACHMENT_MONTHS``: attachment files are deleted from the
  private storage; the row (file name, size, date) stays, so the request
  still shows that a file was there.

The request itself, its audit trail (events) and every count the dashboard
derives stay. Each rule is one conditional UPDATE on rows not yet handled,
so running the job twice (two beats by mistake) does what running it once does.
"""

import logging
from dataclasses import dataclass, field
from datetime import datetime

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone

from mailin.models import InboundMessage
from notifications.models import OutboxMail
from tickets import revision_cache
from tickets.choices import TicketStatus
from tickets.models import Ticket, TicketAttachment, TicketMessage
from tickets.models.tickets import new_access_key

logger = logging.getLogger(__name__)

# How many rows one transaction handles, so a first run over years of data
# holds no long lock.
BATCH = 500


@dataclass
class RetentionReport:
    """What one run did (or, dry, would do)."""

    dry_run: bool
    guest_cutoff: datetime | None
    attachment_cutoff: datetime | None
    guest_requests: int = 0
    guest_messages: int = 0
    guest_mails: int = 0
    guest_inbound_mails: int = 0
    attachments: int = 0
    attachment_bytes: int = 0
    references: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        verb = "would be" if self.dry_run else "were"
        guest_rule = self.guest_cutoff.date().isoformat() if self.guest_cutoff else "off"
        file_rule = self.attachment_cutoff.date().isoformat() if self.attachment_cutoff else "off"
        return [
            f"Guest data of requests closed before: {guest_rule}",
            f"Attachments of requests closed before: {file_rule}",
            f"Guest requests anonymised: {self.guest_requests} {verb} changed",
            f"Guest messages anonymised: {self.guest_messages}",
            f"Mails to guests anonymised: {self.guest_mails}",
            f"Mails from guests anonymised: {self.guest_inbound_mails}",
            f"Attachment files deleted: {self.attachments} ({self.attachment_bytes} bytes)",
        ]


def _cutoff(months: int, now: datetime) -> datetime | None:
    return now - relativedelta(months=months) if months > 0 else None


def guest_requests_due(cutoff: datetime):
    """Closed guest requests older than the cutoff whose data is still there."""
    return Ticket.objects.filter(
        requester__isnull=True, status=TicketStatus.CLOSED, closed_at__lt=cutoff
    ).exclude(requester_email="", requester_name="")


def attachments_due(cutoff: datetime):
    """Files of requests closed before the cutoff that are still stored."""
    return TicketAttachment.objects.filter(
        ticket__status=TicketStatus.CLOSED, ticket__closed_at__lt=cutoff
    ).exclude(file="")


def _guest_mails(tickets: list[Ticket]):
    query = Q(pk__in=[])
    for ticket in tickets:
        query |= Q(thread_key=ticket.reference, recipient_email__iexact=ticket.requester_email)
    return OutboxMail.objects.filter(query).exclude(status=OutboxMail.Status.SENDING)


def _guest_inbound_mails(ticket_ids: list[int]):
    """Mails the guests sent in about these requests that still name them."""
    return InboundMessage.objects.filter(ticket_id__in=ticket_ids).exclude(
        sender_email="", sender_name="", subject="", raw=""
    )


def _forget_inbound_mails(ticket_ids: list[int]) -> int:
    """Clear the senders and subjects, and delete the stored originals after commit."""
    mails = list(_guest_inbound_mails(ticket_ids).only("pk", "raw"))
    if not mails:
        return 0
    InboundMessage.objects.filter(pk__in=[m.pk for m in mails]).update(
        sender_email="", sender_name="", subject="", detail="", raw=""
    )
    names = [mail.raw.name for mail in mails if mail.raw]
    storage = InboundMessage._meta.get_field("raw").storage

    def delete_files(names=names, storage=storage) -> None:
        for name in names:
            storage.delete(name)

    transaction.on_commit(delete_files)
    return len(mails)


def _anonymise_guests(report: RetentionReport, cutoff: datetime) -> None:
    while True:
        with transaction.atomic():
            batch = list(
                guest_requests_due(cutoff)
                .select_for_update(skip_locked=True)
                .order_by("pk")[:BATCH]
            )
            if not batch:
                return
            ids = [ticket.pk for ticket in batch]
            report.guest_mails += _guest_mails(batch).update(
                recipient_email="", recipient_name="", body_text="", body_html=""
            )
            report.guest_messages += (
                TicketMessage.objects.filter(
                    ticket_id__in=ids, author__isnull=True, is_staff_reply=False
                )
                .exclude(author_name="", body="")
                .update(author_name="", body="")
            )
            report.guest_inbound_mails += _forget_inbound_mails(ids)
            for ticket in batch:
                # One UPDATE per row for the fresh access key; the filter keeps it conditional.
                report.guest_requests += (
                    guest_requests_due(cutoff)
                    .filter(pk=ticket.pk)
                    .update(
                        requester_name="",
                        requester_email="",
                        requester_number="",
                        description="",
                        access_key=new_access_key(),
                    )
                )
                report.references.append(ticket.reference)
            # What the request pages keep of these conversations goes too.
            transaction.on_commit(lambda ids=ids: revision_cache.forget(ids))


def _delete_attachment_files(report: RetentionReport, cutoff: datetime) -> None:
    while True:
        with transaction.atomic():
            batch = list(
                attachments_due(cutoff).select_for_update(skip_locked=True).order_by("pk")[:BATCH]
            )
            if not batch:
                return
            cleared = attachments_due(cutoff).filter(pk__in=[a.pk for a in batch]).update(file="")
            report.attachments += cleared
            report.attachment_bytes += sum(a.size for a in batch)
            names = [a.file.name for a in batch]
            storage = TicketAttachment._meta.get_field("file").storage

            def delete_files(names=names, storage=storage) -> None:
                for name in names:
                    storage.delete(name)

            # The rows no longer name the files once this commits; only then delete them.
            transaction.on_commit(delete_files)
            tickets = {a.ticket_id for a in batch}
            transaction.on_commit(lambda tickets=tickets: revision_cache.forget(tickets))


def apply_retention(*, dry_run: bool = False, now: datetime | None = None) -> RetentionReport:
    """Apply both retention rules (or only count, with ``dry_run``)."""
    now = now or timezone.now()
    report = RetentionReport(
        dry_run=dry_run,
        guest_cutoff=_cutoff(settings.RETENTION_GUEST_DATA_MONTHS, now),
        attachment_cutoff=_cutoff(settings.RETENTION_ATTACHMENT_MONTHS, now),
    )
    if dry_run:
        if report.guest_cutoff:
            due = list(guest_requests_due(report.guest_cutoff).order_by("pk"))
            report.guest_requests = len(due)
            report.references = [ticket.reference for ticket in due]
            report.guest_messages = (
                TicketMessage.objects.filter(
                    ticket__in=due, author__isnull=True, is_staff_reply=False
                )
                .exclude(author_name="", body="")
                .count()
            )
            report.guest_mails = _guest_mails(due).count() if due else 0
            report.guest_inbound_mails = _guest_inbound_mails([t.pk for t in due]).count()
        if report.attachment_cutoff:
            files = attachments_due(report.attachment_cutoff)
            report.attachments = files.count()
            report.attachment_bytes = files.aggregate(total=Sum("size"))["total"] or 0
        return report
    if report.guest_cutoff:
        _anonymise_guests(report, report.guest_cutoff)
    if report.attachment_cutoff:
        _delete_attachment_files(report, report.attachment_cutoff)
    logger.info(
        "retention applied: %s guest requests, %s attachment files",
        report.guest_requests,
        report.attachments,
        extra={"guest_requests": report.guest_requests, "attachments": report.attachments},
    )
    return report
