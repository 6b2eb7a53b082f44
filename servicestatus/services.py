"""Opening, updating and resolving incidents; who is affected; the exactly-once fan-out.

Every change here invalidates the cached status board after commit
(``selectors.board_invalidate``), so the public page and the banners cost
one cache read whatever the traffic; "affected too" alone does not (its
count on the board may lag a minute), or a storm of them would rebuild the
board for every reader.
"""

import uuid
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from accounts.models import User
from core import clock
from core.queueing import enqueue_on_commit
from tickets.choices import FINAL_STATUSES, TicketStatus
from tickets.models import Ticket
from tickets.services import ticket_reply

from . import selectors
from .choices import IncidentKind, ServiceState
from .mail import status_mail
from .models import (
    AffectedPerson,
    Incident,
    IncidentTicket,
    IncidentUpdate,
    Service,
    Subscription,
    UpdateDelivery,
)
from .tokens import unsubscribe_path


def _fan_out_batch() -> int:
    """Addresses one fan-out transaction serves (``SERVICESTATUS_FAN_OUT_BATCH``)."""
    return settings.SERVICESTATUS_FAN_OUT_BATCH


def service_set_state(*, service: Service, state: str, acting_user: User | None) -> Service:
    """Staff set a service's own state (without an incident)."""
    if state not in ServiceState.values:
        raise ValidationError(_("Choose a valid state."), code="invalid_state")
    service.state = state
    service.save(update_fields=["state"])
    selectors.board_invalidate()
    return service


@transaction.atomic
def incident_open(
    *,
    title_nl: str,
    title_en: str,
    services: Iterable[Service],
    acting_user: User | None,
    kind: str = IncidentKind.INCIDENT,
    impact: str = ServiceState.OUTAGE,
    starts_at=None,
    ends_at=None,
    first_update_nl: str = "",
    first_update_en: str = "",
    promoted_from: Ticket | None = None,
) -> Incident:
    """Open an incident (or announce maintenance); a request it was promoted from is linked."""
    services = list(services)
    if not services:
        raise ValidationError(_("Choose at least one service."), code="no_services")
    now = clock.now()
    incident = Incident(
        reference=uuid.uuid4().hex[:16],  # replaced by INC-<id> below
        kind=kind,
        impact=impact,
        title_nl=title_nl.strip(),
        title_en=title_en.strip() or title_nl.strip(),
        starts_at=starts_at or now,
        ends_at=ends_at,
        promoted_from=promoted_from,
        created_by=acting_user,
        created_at=now,
    )
    incident.full_clean(exclude=["reference"])
    incident.save()
    incident.reference = f"INC-{incident.pk:05d}"
    incident.save(update_fields=["reference"])
    incident.services.set(services)
    if first_update_nl.strip() or first_update_en.strip():
        incident_post_update(
            incident=incident,
            body_nl=first_update_nl,
            body_en=first_update_en,
            acting_user=acting_user,
        )
    if kind == IncidentKind.MAINTENANCE and incident.starts_at > now:
        from .tasks import maintenance_announce

        enqueue_on_commit(maintenance_announce, incident.pk)
    if promoted_from is not None:
        incident_link_tickets(incident=incident, tickets=[promoted_from], acting_user=acting_user)
    selectors.board_invalidate()
    return incident


def _open_for_update(incident: Incident) -> Incident:
    incident = Incident.objects.select_for_update().get(pk=incident.pk)
    if not incident.is_open:
        raise ValidationError(_("This incident is already resolved."), code="resolved")
    return incident


@transaction.atomic
def incident_post_update(
    *, incident: Incident, body_nl: str, body_en: str, acting_user: User | None
) -> IncidentUpdate:
    """Post a public update; every affected person gets it once, in the background."""
    incident = _open_for_update(incident)
    if not (body_nl.strip() or body_en.strip()):
        raise ValidationError(_("Write the update first."), code="empty")
    update = IncidentUpdate.objects.create(
        incident=incident,
        body_nl=body_nl.strip() or body_en.strip(),
        body_en=body_en.strip() or body_nl.strip(),
        created_by=acting_user,
        created_at=clock.now(),
    )
    _fan_out_after_commit(update)
    selectors.board_invalidate()
    return update


def _fan_out_after_commit(update: IncidentUpdate) -> None:
    from .tasks import fan_out_update

    enqueue_on_commit(fan_out_update, update.pk)


def incident_affected_add(
    *, incident: Incident, email: str, user: User | None, language: str
) -> tuple[AffectedPerson, bool]:
    """Record "I am affected too"; a second click from the same address changes nothing."""
    if not Incident.objects.filter(pk=incident.pk, resolved_at__isnull=True).exists():
        raise ValidationError(_("This incident is already resolved."), code="resolved")
    email = email.strip()
    existing = AffectedPerson.objects.filter(incident=incident, email__iexact=email).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            person = AffectedPerson.objects.create(
                incident=incident,
                email=email,
                user=user,
                language=language,
                created_at=clock.now(),
            )
    except IntegrityError:  # the same address clicked twice at the same instant
        return AffectedPerson.objects.get(incident=incident, email__iexact=email), False
    # The board is not invalidated: in a storm every click would rebuild it
    # for every reader. Its "affected" count catches up within BOARD_SECONDS.
    return person, True


@transaction.atomic
def incident_link_tickets(
    *, incident: Incident, tickets: Iterable[Ticket], acting_user: User | None
) -> tuple[list[Ticket], list[tuple[Ticket, str]]]:
    """Link requests to the incident; returns (linked, refused with a reason)."""
    incident = _open_for_update(incident)
    linked: list[Ticket] = []
    refused: list[tuple[Ticket, str]] = []
    already = dict(
        IncidentTicket.objects.filter(ticket__in=[t.pk for t in tickets]).values_list(
            "ticket_id", "incident__reference"
        )
    )
    for ticket in tickets:
        if ticket.status in FINAL_STATUSES:
            refused.append((ticket, _("already closed")))
        elif ticket.pk in already:
            refused.append(
                (
                    ticket,
                    _("already linked to %(incident)s; unlink it on that incident's page")
                    % {"incident": already[ticket.pk]},
                )
            )
        else:
            IncidentTicket.objects.create(
                incident=incident, ticket=ticket, linked_by=acting_user, linked_at=clock.now()
            )
            linked.append(ticket)
    selectors.board_invalidate()
    return linked, refused


@transaction.atomic
def incident_resolve(
    *, incident: Incident, body_nl: str, body_en: str, acting_user: User | None
) -> IncidentUpdate:
    """Resolve the incident and its open linked requests; each affected person hears it once.

    Updates not yet mailed are superseded: nobody gets an old "we are working
    on it" after "it is fixed". Each linked request gets the closing text as
    a desk reply and becomes resolved, without a mail of its own: the one
    closing mail names the person's requests.
    """
    incident = _open_for_update(incident)
    if not (body_nl.strip() or body_en.strip()):
        raise ValidationError(_("Write the closing update first."), code="empty")
    now = clock.now()
    incident.updates.filter(sent_at__isnull=True, superseded=False).update(superseded=True)
    closing = IncidentUpdate.objects.create(
        incident=incident,
        body_nl=body_nl.strip() or body_en.strip(),
        body_en=body_en.strip() or body_nl.strip(),
        is_closing=True,
        created_by=acting_user,
        created_at=now,
    )
    incident.resolved_at = now
    incident.save(update_fields=["resolved_at"])
    open_tickets = Ticket.objects.filter(incident_link__incident=incident).exclude(
        status__in=[*FINAL_STATUSES, TicketStatus.RESOLVED]
    )
    for ticket in open_tickets:
        body = closing.body_en if ticket.requester_language == "en" else closing.body_nl
        ticket_reply(
            ticket=ticket,
            body=body,
            acting_user=acting_user,
            then_status=TicketStatus.RESOLVED,
            notify_requester=False,
        )
    _fan_out_after_commit(closing)
    selectors.board_invalidate()
    return closing


#: The sources of an update's recipients, read in this order, each by
#: primary key: requesters of linked requests first (their mail names their
#: requests), then confirmed subscribers (theirs carries the unsubscribe
#: link), then everyone who said "affected too". An address is served by the
#: first source that names it; the delivery rows skip it in the others.
LINKS, SUBSCRIBERS, AFFECTED = 0, 1, 2


def _next_recipients(
    incident: Incident, *, source: int, after: int, limit: int
) -> tuple[dict[str, dict], int | None]:
    """The next ``limit`` rows of ``source`` after primary key ``after``, as entries by address.

    Returns the entries (lower-cased address → email, user, language,
    linked request references) and the last primary key read, or ``None``
    when the source has no rows left. Each query reads at most ``limit``
    rows through an index, so a batch costs the same at the end of a big
    incident as at its start.
    """
    found: dict[str, dict] = {}
    if source == LINKS:
        rows = list(
            IncidentTicket.objects.filter(incident=incident, pk__gt=after)
            .select_related("ticket__requester")
            .order_by("pk")[:limit]
        )
        for link in rows:
            ticket = link.ticket
            found.setdefault(
                ticket.requester_email.lower(),
                {
                    "email": ticket.requester_email,
                    "user": ticket.requester,
                    "language": ticket.requester_language,
                    "references": [],
                },
            )
        # A requester's other linked requests, wherever their rows lie, go
        # into the same one mail (the address is served once).
        for address, reference in (
            IncidentTicket.objects.filter(incident=incident)
            .annotate(address=Lower("ticket__requester_email"))
            .filter(address__in=list(found))
            .order_by("ticket__reference")
            .values_list("address", "ticket__reference")
        ):
            found[address]["references"].append(reference)
    elif source == SUBSCRIBERS:
        rows = list(
            Subscription.objects.filter(
                service__in=incident.services.all(), confirmed_at__isnull=False, pk__gt=after
            ).order_by("pk")[:limit]
        )
        for subscription in rows:
            found.setdefault(
                subscription.email.lower(),
                {
                    "email": subscription.email,
                    "user": None,
                    "language": subscription.language,
                    "references": [],
                    "unsubscribe_path": unsubscribe_path(subscription),
                },
            )
    else:
        rows = list(
            AffectedPerson.objects.filter(incident=incident, pk__gt=after)
            .select_related("user")
            .order_by("pk")[:limit]
        )
        for person in rows:
            found.setdefault(
                person.email.lower(),
                {
                    "email": person.email,
                    "user": person.user,
                    "language": person.language,
                    "references": [],
                },
            )
    return found, (rows[-1].pk if rows else None)


def update_fan_out(*, update_id: int, batch: int | None = None) -> int:
    """Queue this update's mail for every affected address not yet served; returns mails queued.

    Each batch is one transaction holding the update's row lock (a second
    worker skips it): it reads the next ``batch`` rows of the current
    source after the update's cursor (``fan_out_source``, ``fan_out_after``),
    writes a delivery row per address not served yet with its outbox mail,
    and moves the cursor. A worker killed mid-way loses only its open
    batch; the next run (the task's retry or the sweeper) continues where
    the committed cursor stands. The delivery rows' unique constraint keeps
    an address that two sources name, or that a run before a crash
    served, from a second mail. Someone who joins a source the cursor has
    already passed reads the update on the status page, and gets the next.
    """
    batch = batch or _fan_out_batch()
    queued = 0
    while True:
        with transaction.atomic():
            update = (
                IncidentUpdate.objects.select_for_update(skip_locked=True)
                .select_related("incident")
                .filter(pk=update_id, sent_at__isnull=True, superseded=False)
                .first()
            )
            if update is None:
                return queued
            incident = update.incident
            if not update.is_closing and not incident.is_open:
                update.superseded = True
                update.save(update_fields=["superseded"])
                return queued
            if update.fan_out_source > AFFECTED:
                update.sent_at = clock.now()
                update.save(update_fields=["sent_at"])
                return queued
            entries, last = _next_recipients(
                incident, source=update.fan_out_source, after=update.fan_out_after, limit=batch
            )
            served = set(
                UpdateDelivery.objects.filter(update=update)
                .annotate(address=Lower("email"))
                .filter(address__in=list(entries))
                .values_list("address", flat=True)
            )
            for address, entry in entries.items():
                if address in served:
                    continue
                mail = status_mail(
                    # About the person's own request it always goes out; to
                    # someone who only said "affected too" it is optional.
                    event="incident_update_request" if entry["references"] else "incident_update",
                    email=entry["email"],
                    user=entry["user"],
                    language=entry["language"],
                    thread_key=incident.reference,
                    context={
                        "incident": incident,
                        "update": update,
                        "references": entry["references"],
                    },
                    unsubscribe_path=entry.get("unsubscribe_path", ""),
                )
                UpdateDelivery.objects.create(update=update, email=entry["email"], mail=mail)
                queued += 1
            if last is None:  # this source is done: the next one from its start
                update.fan_out_source += 1
                update.fan_out_after = 0
            else:
                update.fan_out_after = last
            update.save(update_fields=["fan_out_source", "fan_out_after"])


def updates_sweep(*, grace_seconds: int = 120) -> int:
    """Enqueue again every update whose fan-out has not finished (beat; safe to run twice)."""
    from datetime import timedelta

    horizon = clock.now() - timedelta(seconds=grace_seconds)
    ids = list(
        IncidentUpdate.objects.filter(
            sent_at__isnull=True, superseded=False, created_at__lte=horizon
        ).values_list("pk", flat=True)[:100]
    )
    for update_id in ids:
        _fan_out_after_commit(IncidentUpdate(pk=update_id))
    return len(ids)
