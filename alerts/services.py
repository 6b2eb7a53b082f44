"""Every change to staff alerts: record, fan out, coalesce, mail, digest, SLA warnings.

Recording is cheap and happens in the caller's transaction (one row, so
filing costs the same however many agents a desk has); finding recipients,
their preferences and mailing happen in worker tasks. See ``models`` for the
road an alert takes.
"""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from notifications import kinds as mail_kinds
from notifications.models import OutboxMail
from notifications.services import notify
from servicedesk.queueing import enqueue_each, enqueue_on_commit
from servicedesk.translation import in_language
from tickets import selectors as ticket_selectors
from tickets.choices import OPEN_STATUSES
from tickets.models import Ticket
from tickets.sla import business_time_between

from .models import (
    AlertBatch,
    AlertDelivery,
    AlertDigest,
    AlertEvent,
    AlertKind,
    AlertMode,
    AlertPreference,
    SlaTargetKind,
)
from .selectors import alert_modes_of, alert_recipients, breach_alert_is_mandatory

logger = logging.getLogger(__name__)

K = AlertKind
ONE_REQUEST_EVENT = "alert_request"
SEVERAL_REQUESTS_EVENT = "alert_requests"
DIGEST_EVENT = "alert_digest"


# --- Recording (in the transaction of the change) ------------------------------


def alert_record(
    *,
    kind: str,
    ticket: Ticket,
    actor: User | None = None,
    target_user_id: int | None = None,
    sla_target: str = "",
) -> AlertEvent:
    """Write the event and queue its fan-out after commit; one INSERT, whatever the desk's size."""
    event = AlertEvent.objects.create(
        kind=kind,
        ticket=ticket,
        desk_id=ticket.desk_id,
        resolver_group_id=ticket.resolver_group_id,
        target_user_id=target_user_id,
        actor=actor if actor is not None and actor.pk else None,
        sla_target=sla_target,
        created_at=timezone.now(),
    )
    from .tasks import fan_out_alert

    enqueue_on_commit(fan_out_alert, event.pk)
    return event


# --- Fan-out (worker) ------------------------------------------------------------


def _window() -> timedelta:
    return timedelta(seconds=settings.ALERTS_COALESCE_WINDOW)


def _open_batch(*, user: User, kind: str, now: datetime) -> tuple[AlertBatch, bool]:
    """The recipient's open batch of this kind, locked; a new one if none is open.

    A new batch is due at once after a quiet window, else one window after
    the previous one, so one recipient gets at most one mail per kind per
    window. The lock orders us against ``alert_batch_send``: an event joins
    a batch before its mail is rendered, or finds it sent and opens the next.
    """
    for _attempt in range(3):
        batch = (
            AlertBatch.objects.select_for_update()
            .filter(recipient=user, kind=kind, sent_at__isnull=True)
            .first()
        )
        if batch is not None:
            return batch, False
        last_due = (
            AlertBatch.objects.filter(recipient=user, kind=kind)
            .order_by("-due_at")
            .values_list("due_at", flat=True)
            .first()
        )
        due = max(now, last_due + _window()) if last_due else now
        try:
            with transaction.atomic():
                batch = AlertBatch.objects.create(
                    recipient=user, kind=kind, opened_at=now, due_at=due
                )
            return batch, True
        except IntegrityError:
            continue  # another fan-out opened it a moment ago: join that one
    raise RuntimeError(f"could not open an alert batch for user {user.pk}")


@transaction.atomic
def alert_event_fan_out(*, event_id: int) -> int:
    """Give each recipient of the event a delivery; returns how many. Safe to run twice."""
    event = (
        AlertEvent.objects.select_for_update(of=("self",))
        .filter(pk=event_id, fanned_out_at__isnull=True)
        .select_related("ticket", "target_user")
        .first()
    )
    if event is None:
        return 0
    now = timezone.now()
    recipients = alert_recipients(event)
    modes = alert_modes_of(recipients, event.kind)
    created = 0
    for user in recipients:
        mode = modes[user.pk]
        if mode == AlertMode.OFF:
            continue
        batch = None
        if mode == AlertMode.IMMEDIATE:
            batch, is_new = _open_batch(user=user, kind=event.kind, now=now)
            if is_new:
                from .tasks import send_alert_batch

                delay = max((batch.due_at - now).total_seconds(), 0)
                enqueue_on_commit(send_alert_batch, batch.pk, countdown=delay)
        AlertDelivery.objects.create(
            event=event, recipient=user, mode=mode, batch=batch, created_at=now
        )
        created += 1
    event.fanned_out_at = now
    event.save(update_fields=["fanned_out_at"])
    logger.info("alert event %s (%s): %s deliveries", event.pk, event.kind, created)
    return created


# --- Mails -------------------------------------------------------------------------


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
            items = sorted(
                (_item(delivery) for delivery in deliveries),
                key=lambda item: (
                    in_language(item["desk"], "name", user.preferred_language),
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


# --- SLA warnings (beat) -------------------------------------------------------------


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


# --- Sweep (beat) --------------------------------------------------------------------


def alerts_sweep(*, now: datetime | None = None) -> int:
    """Queue again what the broker lost: events not fanned out, batches past due."""
    from .tasks import fan_out_alert, send_alert_batch

    now = now or timezone.now()
    cutoff = now - timedelta(seconds=settings.ALERTS_SWEEP_GRACE)
    limit = settings.NOTIFICATIONS_SWEEP_BATCH
    events = list(
        AlertEvent.objects.filter(fanned_out_at__isnull=True, created_at__lte=cutoff)
        .order_by("created_at")
        .values_list("pk", flat=True)[:limit]
    )
    batches = list(
        AlertBatch.objects.filter(sent_at__isnull=True, due_at__lte=cutoff)
        .order_by("due_at")
        .values_list("pk", flat=True)[:limit]
    )
    return enqueue_each(fan_out_alert, events, what="alert events") + enqueue_each(
        send_alert_batch, batches, what="alert batches"
    )


# --- Preferences ----------------------------------------------------------------------


@transaction.atomic
def alert_preferences_set(*, user: User, modes: dict[str, str], acting_user: User) -> None:
    """Store how ``user`` wants each kind of alert. Only for oneself (or a superuser).

    The servicedesk lead cannot switch breach alerts off: the service
    refuses it, and the fan-out sends them anyway.
    """
    if acting_user.pk != user.pk and not acting_user.is_superuser:
        raise ValidationError(_("You can only change your own alerts."), code="not_allowed")
    valid_kinds, valid_modes = set(AlertKind.values), set(AlertMode.values)
    for kind, mode in modes.items():
        if kind not in valid_kinds or mode not in valid_modes:
            raise ValidationError(_("Unknown alert or choice."), code="invalid")
        if mode == AlertMode.OFF and breach_alert_is_mandatory(user, kind):
            raise ValidationError(
                _("As servicedesk lead you cannot switch off SLA breach alerts."),
                code="breach_mandatory",
            )
    now = timezone.now()
    for kind, mode in modes.items():
        AlertPreference.objects.update_or_create(
            user=user, kind=kind, defaults={"mode": mode, "updated_at": now}
        )


# --- Undeliverable requester mail --------------------------------------------------------


def alert_mail_undeliverable(*, mail: OutboxMail) -> AlertEvent | None:
    """A mail to a requester will not arrive: tell who works the request."""
    if mail_kinds.mail_class(mail.event) != mail_kinds.MailClass.REQUEST or not mail.thread_key:
        return None
    ticket = Ticket.objects.filter(reference=mail.thread_key).first()
    if ticket is None:
        return None
    return alert_record(kind=K.UNDELIVERABLE, ticket=ticket, target_user_id=ticket.assignee_id)
