"""Keeping the daily rollups: one rule per kind of change, used live and by the rebuild.

The receivers (``insights.receivers``) call ``rollup_bump`` with the deltas
of one change while the service's transaction is open, so a rolled-back
change leaves no count. ``rollups_rebuild`` re-derives whole days from the
audit trail (``TicketEvent``) and ``Ticket.first_response_at`` with the SAME
delta functions, so the two ways agree by construction; a test checks it.

A request moved to another desk, category or priority keeps its earlier
counts where they were made; a rebuild files its whole history under where
it is now. The nightly repair (the last ``INSIGHTS_REPAIR_DAYS``) settles
that for recent days.
"""

import logging
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from insights.models import DURATION_BUCKETS, AppointmentDay, DailyRollup
from servicedesk.counters import counter_bump
from tickets import clock
from tickets import selectors as ticket_selectors
from tickets.choices import OPEN_STATUSES, TicketStatus
from tickets.models import Ticket, TicketEvent
from tickets.sla import BusinessCalendar, business_time_between

logger = logging.getLogger(__name__)
S = TicketStatus
Key = tuple[date, int, int, str, int]
Deltas = dict[str, int]


# --- The rules: which counters one change moves --------------------------------


def bucket_of(minutes: float) -> int:
    """The histogram bucket of a duration in business minutes."""
    return bisect_left(DURATION_BUCKETS, minutes)


def business_minutes(start: datetime, end: datetime, calendar: BusinessCalendar) -> float:
    """Business time from ``start`` to ``end`` in minutes; wall-clock time if no hours are set."""
    if calendar.has_hours():
        return business_time_between(start, end, calendar).total_seconds() / 60
    return max((end - start).total_seconds(), 0) / 60


def filed_deltas() -> Deltas:
    return {"filed": 1, "open_delta": 1}


def status_deltas(*, old: str, new: str, breached: bool, minutes_since_filed: float) -> Deltas:
    """A status move: the backlog change, a resolution (and its time), a reopening, a forward."""
    deltas: Deltas = {}
    change = (new in OPEN_STATUSES) - (old in OPEN_STATUSES)
    if change:
        deltas["open_delta"] = change
    if new == S.RESOLVED:
        deltas["resolved"] = 1
        deltas[f"res_{bucket_of(minutes_since_filed)}"] = 1
        if not breached:
            deltas["resolved_in_sla"] = 1
    if old == S.RESOLVED and new in OPEN_STATUSES:
        deltas["reopened"] = 1
    if new == S.FORWARDED:
        deltas["forwarded"] = 1
    return deltas


def first_response_deltas(minutes: float) -> Deltas:
    return {"first_responses": 1, f"frt_{bucket_of(minutes)}": 1}


def rated_deltas(score: int, old_score: int | None = None) -> Deltas:
    """A first answer counts once; a changed answer (surveys: within 7 days) only moves "good"."""
    if old_score is None:
        return {"rated": 1, "rated_good": int(score >= 4)}
    return {"rated_good": int(score >= 4) - int(old_score >= 4)}


def key_for(ticket: Ticket, at: datetime) -> Key:
    """The row a change on ``ticket`` at ``at`` counts in (the local day)."""
    return (
        timezone.localdate(at),
        ticket.desk_id,
        ticket.category_id,
        ticket.channel,
        ticket.priority,
    )


# --- Live: one change, one UPDATE ----------------------------------------------


def _key_fields(key: Key) -> dict:
    day, desk_id, category_id, channel, priority = key
    return {
        "day": day,
        "desk_id": desk_id,
        "category_id": category_id,
        "channel": channel,
        "priority": priority,
    }


def rollup_bump(*, key: Key, deltas: Deltas) -> None:
    """Add ``deltas`` to the row of ``key`` (one UPDATE; created on the day's first change)."""
    counter_bump(DailyRollup, keys=_key_fields(key), deltas=deltas)


def appointment_day_bump(*, ticket: Ticket, channel: str, **deltas: int) -> None:
    """An appointment booked or cancelled now, counted under the request's desk."""
    keys = {"day": timezone.localdate(clock.now()), "desk_id": ticket.desk_id, "channel": channel}
    counter_bump(AppointmentDay, keys=keys, deltas=deltas)


# --- From the source: whole days --------------------------------------------------


def _bounds(first: date, last: date) -> tuple[datetime, datetime]:
    zone = timezone.get_current_timezone()
    start = timezone.make_aware(datetime.combine(first, time.min), zone)
    end = timezone.make_aware(datetime.combine(last + timedelta(days=1), time.min), zone)
    return start, end


_TICKET_FIELDS = (
    "ticket__desk_id",
    "ticket__category_id",
    "ticket__channel",
    "ticket__priority",
    "ticket__created_at",
    "ticket__is_breached",
)


def _event_deltas(row: dict, calendar: BusinessCalendar) -> Deltas:
    """The deltas of one audit event, by the same rules the receivers apply."""
    data = row["data"] or {}
    kind = row["type"]
    if kind == TicketEvent.Type.FILED:
        return filed_deltas()
    if kind == TicketEvent.Type.STATUS_CHANGED:
        breached = data.get("breached", row["ticket__is_breached"])
        return status_deltas(
            old=data.get("old", ""),
            new=data.get("new", ""),
            breached=bool(breached),
            minutes_since_filed=business_minutes(
                row["ticket__created_at"], row["created_at"], calendar
            ),
        )
    if kind == TicketEvent.Type.ESCALATED:
        return {"escalated": 1}
    if kind == TicketEvent.Type.SLA_BREACHED:
        return {"breached": 1}
    if kind == TicketEvent.Type.RATED and isinstance(data.get("new"), int):
        old = data.get("old")
        return rated_deltas(data["new"], old if isinstance(old, int) else None)
    return {}


_EVENT_TYPES = (
    TicketEvent.Type.FILED,
    TicketEvent.Type.STATUS_CHANGED,
    TicketEvent.Type.ESCALATED,
    TicketEvent.Type.SLA_BREACHED,
    TicketEvent.Type.RATED,
)


def rollups_compute(*, first: date, last: date) -> dict[Key, Counter]:
    """The rollup rows of the days ``first``..``last`` derived from the source, in memory.

    Reads the audit events of those days (index on ``created_at``) and the
    first responses (index on ``first_response_at``), one streamed query each.
    """
    start, end = _bounds(first, last)
    calendar = ticket_selectors.business_calendar()
    rows: dict[Key, Counter] = defaultdict(Counter)
    events = (
        TicketEvent.objects.filter(created_at__gte=start, created_at__lt=end, type__in=_EVENT_TYPES)
        .values("type", "data", "created_at", *_TICKET_FIELDS)
        .order_by()
    )
    for row in events.iterator(chunk_size=5000):
        deltas = _event_deltas(row, calendar)
        if deltas:
            key = (
                timezone.localdate(row["created_at"]),
                row["ticket__desk_id"],
                row["ticket__category_id"],
                row["ticket__channel"],
                row["ticket__priority"],
            )
            rows[key].update(deltas)
    responses = (
        Ticket.objects.filter(first_response_at__gte=start, first_response_at__lt=end)
        .values("desk_id", "category_id", "channel", "priority", "created_at", "first_response_at")
        .order_by()
    )
    for row in responses.iterator(chunk_size=5000):
        key = (
            timezone.localdate(row["first_response_at"]),
            row["desk_id"],
            row["category_id"],
            row["channel"],
            row["priority"],
        )
        minutes = business_minutes(row["created_at"], row["first_response_at"], calendar)
        rows[key].update(first_response_deltas(minutes))
    return rows


def appointment_days_compute(*, first: date, last: date) -> dict[tuple, Counter]:
    """Appointments booked and cancelled on the days ``first``..``last``, from the audit trail."""
    start, end = _bounds(first, last)
    kinds = {TicketEvent.Type.APPOINTMENT_BOOKED: ("new", "booked"),
             TicketEvent.Type.APPOINTMENT_CANCELLED: ("old", "cancelled")}  # fmt: skip
    rows: dict[tuple, Counter] = defaultdict(Counter)
    events = (
        TicketEvent.objects.filter(created_at__gte=start, created_at__lt=end, type__in=list(kinds))
        .values("type", "data", "created_at", "ticket__desk_id")
        .order_by()
    )
    for row in events.iterator(chunk_size=5000):
        side, counter = kinds[row["type"]]
        channel = ((row["data"] or {}).get(side) or {}).get("channel", "")
        key = (timezone.localdate(row["created_at"]), row["ticket__desk_id"], channel)
        rows[key][counter] += 1
    return rows


@transaction.atomic
def rollups_rebuild(*, first: date, last: date) -> int:
    """Replace the rows of the days ``first``..``last`` by what the source says; returns rows."""
    computed = rollups_compute(first=first, last=last)
    DailyRollup.objects.filter(day__gte=first, day__lte=last).delete()
    DailyRollup.objects.bulk_create(
        [
            DailyRollup(**_key_fields(key), **{k: v for k, v in counts.items() if v})
            for key, counts in computed.items()
            if any(counts.values())
        ],
        batch_size=2000,
    )
    AppointmentDay.objects.filter(day__gte=first, day__lte=last).delete()
    AppointmentDay.objects.bulk_create(
        [
            AppointmentDay(day=day, desk_id=desk_id, channel=channel, **counts)
            for (day, desk_id, channel), counts in appointment_days_compute(
                first=first, last=last
            ).items()
        ]
    )
    return len(computed)


def rollups_rebuild_all(
    *, step_days: int = 7, progress: Callable[[int, int], None] | None = None
) -> int:
    """Rebuild every day from the first audit event to today, a week per transaction."""
    oldest = TicketEvent.objects.order_by("created_at").values_list("created_at", flat=True).first()
    today = timezone.localdate()
    if oldest is None:
        DailyRollup.objects.all().delete()
        return 0
    first = timezone.localdate(oldest)
    DailyRollup.objects.filter(day__lt=first).delete()
    DailyRollup.objects.filter(day__gt=today).delete()
    spans = list(_spans(first, today, step_days))
    written = 0
    for done, (span_first, span_last) in enumerate(spans, start=1):
        written += rollups_rebuild(first=span_first, last=span_last)
        if progress:
            progress(done, len(spans))
    logger.info("rebuilt %d rollup rows from %s to %s", written, first, today)
    return written


def _spans(first: date, last: date, step: int) -> Iterable[tuple[date, date]]:
    day = first
    while day <= last:
        yield day, min(day + timedelta(days=step - 1), last)
        day += timedelta(days=step)
