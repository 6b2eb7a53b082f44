"""SLA warnings (beat): once per request and target, when most of the time is used."""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from core.business_hours import business_time_between
from tickets import selectors as ticket_selectors
from tickets.choices import OPEN_STATUSES
from tickets.models import Ticket

from ..models import AlertEvent, AlertKind, SlaTargetKind
from .recording import alert_record

logger = logging.getLogger(__name__)
K = AlertKind


def _warned(target: str):
    return Exists(
        AlertEvent.objects.filter(ticket=OuterRef("pk"), kind=K.SLA_WARNING, sla_target=target)
    )


def alerts_warn_sla(*, now: datetime | None = None) -> int:
    """Warn once per request and target when ALERTS_SLA_WARNING_SHARE of its time is used.

    "Time used" is business time: what is left until the due time, against
    the priority's target. Safe to run twice (a unique constraint per
    request and target). Business time cannot be filtered in SQL, so every
    open request not yet warned is looked at, in chunks; the arithmetic is a
    few days of opening hours per request, with one read of the calendar.
    """
    now = now or timezone.now()
    calendar = ticket_selectors.business_calendar()
    if not calendar.has_hours():
        return 0
    share = settings.ALERTS_SLA_WARNING_SHARE
    targets = {}
    candidates = (
        Ticket.objects.filter(status__in=OPEN_STATUSES, is_breached=False)
        .annotate(
            response_warned=_warned(SlaTargetKind.RESPONSE),
            resolution_warned=_warned(SlaTargetKind.RESOLUTION),
        )
        .filter(
            Q(first_response_at__isnull=True, response_due_at__gt=now, response_warned=False)
            | Q(resolution_due_at__gt=now, resolution_warned=False)
        )
        .order_by("pk")
    )
    warned = 0
    for ticket in candidates.iterator(chunk_size=500):
        if ticket.priority not in targets:
            targets[ticket.priority] = ticket_selectors.sla_target_for(ticket.priority)
        target = targets[ticket.priority]
        if target is None:
            continue
        checks = []
        if (
            not ticket.response_warned
            and ticket.first_response_at is None
            and ticket.response_due_at
        ):
            checks.append((SlaTargetKind.RESPONSE, ticket.response_due_at, target.response_minutes))
        if not ticket.resolution_warned and ticket.resolution_due_at:
            checks.append(
                (SlaTargetKind.RESOLUTION, ticket.resolution_due_at, target.resolution_minutes)
            )
        for kind, due, minutes in checks:
            if due <= now:
                continue
            left = business_time_between(now, due, calendar)
            if left > timedelta(minutes=minutes) * (1 - share):
                continue
            try:
                with transaction.atomic():
                    alert_record(
                        kind=K.SLA_WARNING,
                        ticket=ticket,
                        target_user_id=ticket.assignee_id,
                        sla_target=kind,
                    )
                warned += 1
            except IntegrityError:
                pass  # a parallel run warned it
    logger.info("SLA warnings: %s", warned)
    return warned
