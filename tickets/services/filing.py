"""Filing a request: reference, priority, routing, SLA, attachments, audit, mail."""

from collections.abc import Sequence

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from core import clock
from core.translation import recipient_language
from tickets import events, notifications, selectors, signals
from tickets.choices import Channel
from tickets.models import (
    Category,
    Desk,
    Ticket,
    TicketAttachment,
    TicketCounter,
    TicketMessage,
)
from tickets.validators import attachment_content_type, validate_attachments

from .sla import ticket_sla_start


def desk_for_category(category: Category) -> Desk:
    """The desk a request in ``category`` goes to: the category's default desk.

    The one routing rule, used when a request is filed and when first line
    moves it to another category.
    """
    return category.default_desk


@transaction.atomic
def reference_next(*, year: int) -> str:
    """The next ``SD-YYYY-NNNNNN`` reference, unique under concurrent filing.

    The year's counter row is locked with SELECT ... FOR UPDATE (PostgreSQL);
    SQLite serialises writers with its IMMEDIATE transactions. Two first
    requests of a new year may race to create the row: the loser retries and
    then waits for the winner's lock.
    """
    for _attempt in range(3):
        counter = TicketCounter.objects.select_for_update().filter(year=year).first()
        if counter is None:
            try:
                with transaction.atomic():
                    counter = TicketCounter.objects.create(year=year, last_number=0)
            except IntegrityError:
                continue
        counter.last_number += 1
        counter.save(update_fields=["last_number"])
        return f"SD-{year}-{counter.last_number:06d}"
    raise RuntimeError("could not reserve a request reference")


def attachments_add(
    *, ticket: Ticket, uploads: Sequence[UploadedFile], message: TicketMessage | None = None
) -> list[TicketAttachment]:
    """Store the uploads through Django's storage API (callers run in a transaction)."""
    validate_attachments(list(uploads))
    created = []
    for upload in uploads:
        attachment = TicketAttachment(
            ticket=ticket,
            message=message,
            original_name=(upload.name or "file")[:200],
            content_type=attachment_content_type(upload.name or ""),
            size=upload.size,
            created_at=clock.now(),
        )
        attachment.file.save(upload.name or "file", upload, save=False)
        attachment.save()
        created.append(attachment)
    return created


def requester_fields(user: User, *, language: str = settings.LANGUAGE_CODE) -> dict[str, str]:
    """A request's requester fields for an account: its name, address, number, language.

    Used when a signed-in user files and when a guest request is claimed, so
    a request with an owner always mails the owner's own address.
    """
    return {
        "requester_name": (user.get_full_name() or user.email).strip(),
        "requester_email": user.email.strip(),
        "requester_number": (user.student_number or user.alumni_number).upper(),
        "requester_language": recipient_language(user=user, language=language),
    }


@transaction.atomic
def ticket_file(
    *,
    category: Category,
    subject: str,
    description: str,
    impact: int,
    urgency: int,
    uploads: Sequence[UploadedFile] = (),
    requester: User | None = None,
    requester_name: str = "",
    requester_email: str = "",
    requester_number: str = "",
    language: str = "nl",
    acting_user: User | None = None,
    channel: str | None = None,
) -> Ticket:
    """File a request for a signed-in ``requester``, or for a guest by name and email.

    ``channel`` says where it came in (``Channel``); left out it is the web
    form, or "guest" when nobody is signed in.
    """
    now = clock.now()
    if requester is not None:
        identity = requester_fields(requester, language=language)
    else:
        identity = {
            "requester_name": requester_name.strip(),
            "requester_email": requester_email.strip(),
            "requester_number": requester_number.strip().upper(),
            "requester_language": language,
        }
    ticket = Ticket(
        reference=reference_next(year=timezone.localtime(now).year),
        requester=requester,
        **identity,
        category=category,
        desk=desk_for_category(category),
        subject=subject.strip(),
        description=description.strip(),
        impact=impact,
        urgency=urgency,
        priority=selectors.priority_for(impact=impact, urgency=urgency),
        channel=channel or (Channel.WEB if requester is not None else Channel.GUEST),
        created_at=now,
        updated_at=now,
    )
    ticket_sla_start(ticket=ticket, at=now)
    ticket.full_clean(exclude=["access_key"], validate_unique=False, validate_constraints=False)
    ticket.save()
    attachments_add(ticket=ticket, uploads=uploads)
    events.ticket_filed_event(ticket=ticket, acting_user=acting_user or requester)
    notifications.ticket_filed(ticket)
    signals.ticket_filed.send(sender=Ticket, ticket=ticket, acting_user=acting_user or requester)
    return ticket
