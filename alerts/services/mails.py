"""The alert mails: a coalesced batch (one request or several) and the daily digest."""

import logging
from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from core.translation import in_language, recipient_language
from notifications.models import OutboxMail
from notifications.services import notify
from tickets.models import Ticket

from ..models import AlertBatch, AlertDelivery, AlertDigest, AlertKind, AlertMode

logger = logging.getLogger(__name__)

ONE_REQUEST_EVENT = "alert_request"
SEVERAL_REQUESTS_EVENT = "alert_requests"
DIGEST_EVENT = "alert_digest"


def _due_time(ticket: Ticket) -> datetime | None:
    """The SLA due time that matters now: response until answered, then resolution."""
    if ticket.first_response_at is None and ticket.response_due_at:
        return ticket.response_due_at
    return ticket.resolution_due_at


def _item(delivery: AlertDelivery) -> dict:
    ticket = delivery.event.ticket
    return {
        "kind": delivery.event.kind,
        "kind_label": AlertKind(delivery.event.kind).label,
        "ticket": ticket,
        "desk": ticket.desk,
        "due": _due_time(ticket),
        "sla_target": delivery.event.sla_target,
        "admin_url": settings.SITE_URL + reverse("admin:tickets_ticket_change", args=[ticket.pk]),
    }


def _deliveries(queryset) -> list[AlertDelivery]:
    return list(queryset.select_related("event__ticket__desk").order_by("event__created_at", "pk"))


def _mail_requests(*, user: User, kind: str, deliveries: list[AlertDelivery]) -> OutboxMail:
    """One mail naming one request (threaded with it) or listing several."""
    items = []
    seen: set[int] = set()
    for delivery in deliveries:
        if delivery.event.ticket_id not in seen:  # two replies to one request: one line
            seen.add(delivery.event.ticket_id)
            items.append(_item(delivery))
    single = len(items) == 1
    return notify(
        event=ONE_REQUEST_EVENT if single else SEVERAL_REQUESTS_EVENT,
        recipient_email=user.email,
        user=user,
        context={"kind": kind, "kind_label": AlertKind(kind).label, "items": items},
        thread_key=items[0]["ticket"].reference if single else None,
    )


def alert_batch_send(*, batch_id: int, now: datetime | None = None) -> float | None:
    """Mail a due batch once; returns None when done (or nothing to do), else seconds to wait.

    The claim (one conditional UPDATE) and the outbox row share a
    transaction: a crash before commit leaves the batch to the sweeper, a
    second run finds it claimed.
    """
    now = now or timezone.now()
    with transaction.atomic():
        claimed = AlertBatch.objects.filter(
            pk=batch_id, sent_at__isnull=True, due_at__lte=now
        ).update(sent_at=now)
        if not claimed:
            due = (
                AlertBatch.objects.filter(pk=batch_id, sent_at__isnull=True)
                .values_list("due_at", flat=True)
                .first()
            )
            return max((due - now).total_seconds(), 0.5) if due else None
        batch = AlertBatch.objects.select_related("recipient").get(pk=batch_id)
        deliveries = _deliveries(batch.deliveries.all())
        if deliveries:
            batch.mail = _mail_requests(
                user=batch.recipient, kind=batch.kind, deliveries=deliveries
            )
            batch.save(update_fields=["mail"])
    logger.info("alert batch %s: %s alerts in one mail", batch_id, len(deliveries))
    return None


def alert_digests_send(*, now: datetime | None = None) -> int:
    """Mail each recipient's digest for today, at most once a day; returns how many.

    The unique (recipient, day) row is the claim: a second run the same day,
    or two beats at once, mails nobody twice. Alerts arriving after today's
    digest wait for tomorrow's.
    """
    now = now or timezone.now()
    day = timezone.localdate(now)
    waiting = AlertDelivery.objects.filter(
        mode=AlertMode.DIGEST, digest__isnull=True, created_at__lte=now
    )
    user_ids = sorted(set(waiting.values_list("recipient_id", flat=True)))
    sent = 0
    for user_id in user_ids:
        with transaction.atomic():
            try:
                with transaction.atomic():
                    digest = AlertDigest.objects.create(
                        recipient_id=user_id, day=day, created_at=now
                    )
            except IntegrityError:
                continue  # today's digest went out already
            mine = waiting.filter(recipient_id=user_id).select_for_update()
            ids = list(mine.values_list("pk", flat=True))
            AlertDelivery.objects.filter(pk__in=ids).update(digest=digest)
            deliveries = _deliveries(AlertDelivery.objects.filter(pk__in=ids))
            user = User.objects.get(pk=user_id)
            language = recipient_language(user=user)  # the language notify() mails in
            items = sorted(
                (_item(delivery) for delivery in deliveries),
                key=lambda item: (
                    in_language(item["desk"], "name", language),
                    item["desk"].pk,
                    item["ticket"].reference,
                ),
            )
            digest.mail = notify(
                event=DIGEST_EVENT,
                recipient_email=user.email,
                user=user,
                context={"items": items, "day": day},
            )
            digest.save(update_fields=["mail"])
            sent += 1
    logger.info("alert digests for %s: %s mailed", day, sent)
    return sent
