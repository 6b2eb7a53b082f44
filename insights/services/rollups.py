"""Keeping the daily rollups: one rule per kind of change, used live, on a move and by the rebuild.

Four tables of per-day counters: ``DailyRollup`` (per desk, category,
channel, priority and line), ``DurationDay`` (first-response and resolution
times, to the business minute), ``ForwardDay`` (wrong-desk forwards per
office) and ``AppointmentDay``. ``event_rows`` is THE rule: which counters one
audit event moves. The receivers (``insights.receivers``) apply it to each
change while the service's transaction is open, so a rolled-back change
leaves no count; ``rollups_rebuild`` applies it to whole days of the audit
trail (``TicketEvent``) and ``Ticket.first_response_at``; a test checks the
two agree.

A request's counts live under where it is NOW. When a service moves it (desk,
category, priority, line) ``rollups_move`` takes its whole contribution,
re-derived from its own audit events, off the old place and adds it to the
new one, in the same transaction: the figures follow the move at once, and
equal what a rebuild would write.
"""

import logging
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from datetime import date, datetime, time, timedelta
from math import ceil

from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils import timezone

from appointments.events import AppointmentEvent
from core.business_hours import BusinessCalendar, business_time_between
from core.counters import counter_bump
from insights.models import AppointmentDay, DailyRollup, DurationDay, ForwardDay
from tickets import selectors as ticket_selectors
from tickets.choices import OPEN_STATUSES, TicketStatus
from tickets.models import Ticket, TicketEvent

logger = logging.getLogger(__name__)
Deltas = dict[str, int]
# Where a request counts: desk, category, channel, priority, line.
Place = tuple[int, int, str, int, str]
# One counter row to move: the model, its key (in KEY_FIELDS order) and the deltas.
Row = tuple[type[models.Model], tuple, Deltas]
Rows = dict[tuple[type[models.Model], tuple], Counter]

KEY_FIELDS: dict[type[models.Model], tuple[str, ...]] = {
    DailyRollup: ("day", "desk_id", "category_id", "channel", "priority", "line"),
    DurationDay: ("day", "desk_id", "kind", "minutes"),
    ForwardDay: ("day", "desk_id", "office_id"),
    AppointmentDay: ("day", "desk_id", "channel"),
}


# --- The rules: which counters one change moves --------------------------------


def business_minutes(start: datetime, end: datetime, calendar: BusinessCalendar) -> float:
    """Business time from ``start`` to ``end`` in minutes; wall-clock time if no hours are set."""
    if calendar.has_hours():
        return business_time_between(start, end, calendar).total_seconds() / 60
    return max((end - start).total_seconds(), 0) / 60


def whole_minutes(minutes: float) -> int:
    """Rounded up to the business minute (a microsecond of float noise is not a minute)."""
    return max(ceil(round(minutes, 6)), 0)


def filed_deltas() -> Deltas:
    return {"filed": 1, "open_delta": 1}


def status_deltas(*, old: str, new: str, breached: bool) -> Deltas:
    """A status move: the backlog change, a resolution, a reopening, a forward."""
    deltas: Deltas = {}
    change = (new in OPEN_STATUSES) - (old in OPEN_STATUSES)
    if change:
        deltas["open_delta"] = change
    if new == TicketStatus.RESOLVED:
        deltas["resolved"] = 1
        if not breached:
            deltas["resolved_in_sla"] = 1
    if old == TicketStatus.RESOLVED and new in OPEN_STATUSES:
        deltas["reopened"] = 1
    if new == TicketStatus.FORWARDED:
        deltas["forwarded"] = 1
    return deltas


def rated_deltas(score: int, old_score: int | None = None) -> Deltas:
    """A first answer counts once; a changed answer (surveys: within 7 days) only moves "good"."""
    if old_score is None:
        return {"rated": 1, "rated_good": int(score >= 4)}
    return {"rated_good": int(score >= 4) - int(old_score >= 4)}


def place_of(ticket: Ticket) -> Place:
    return (ticket.desk_id, ticket.category_id, ticket.channel, ticket.priority, ticket.line)


def event_rows(
    *,
    kind: str,
    data: dict | None,
    at: datetime,
    place: Place,
    filed_at: datetime,
    is_breached: bool,
    calendar: BusinessCalendar,
) -> list[Row]:
    """The counter rows one audit event of a request at ``place`` moves: THE rule."""
    data = data or {}
    day = timezone.localdate(at)
    desk_id = place[0]
    daily = (day, *place)
    if kind == TicketEvent.Type.FILED:
        return [(DailyRollup, daily, filed_deltas())]
    if kind == TicketEvent.Type.STATUS_CHANGED:
        new = data.get("new", "")
        breached = bool(data.get("breached", is_breached))
        rows: list[Row] = [
            (DailyRollup, daily, status_deltas(old=data.get("old", ""), new=new, breached=breached))
        ]
        if new == TicketStatus.RESOLVED:
            minutes = whole_minutes(business_minutes(filed_at, at, calendar))
            rows.append((DurationDay, (day, desk_id, DurationDay.Kind.RESOLUTION, minutes),
                         {"count": 1}))  # fmt: skip
        return rows
    if kind == TicketEvent.Type.ESCALATED:
        return [(DailyRollup, daily, {"escalated": 1})]
    if kind == TicketEvent.Type.SLA_BREACHED:
        return [(DailyRollup, daily, {"breached": 1})]
    if kind == TicketEvent.Type.RATED and isinstance(data.get("new"), int):
        old = data.get("old")
        deltas = rated_deltas(data["new"], old if isinstance(old, int) else None)
        return [(DailyRollup, daily, deltas)]
    if kind == TicketEvent.Type.FORWARDED and isinstance(data.get("new"), dict):
        return [(ForwardDay, (day, desk_id, data["new"]["id"]), {"forwarded": 1})]
    if kind in (AppointmentEvent.BOOKED, AppointmentEvent.CANCELLED):
        booked = kind == AppointmentEvent.BOOKED
        side, counter = ("new", "booked") if booked else ("old", "cancelled")
        channel = (data.get(side) or {}).get("channel", "")
        return [(AppointmentDay, (day, desk_id, channel), {counter: 1})]
    return []


def first_response_rows(
    *, place: Place, filed_at: datetime, responded_at: datetime, calendar: BusinessCalendar
) -> list[Row]:
    day = timezone.localdate(responded_at)
    minutes = whole_minutes(business_minutes(filed_at, responded_at, calendar))
    return [
        (DailyRollup, (day, *place), {"first_responses": 1}),
        (DurationDay, (day, place[0], DurationDay.Kind.FIRST_RESPONSE, minutes), {"count": 1}),
    ]


EVENT_TYPES = (
    TicketEvent.Type.FILED,
    TicketEvent.Type.STATUS_CHANGED,
    TicketEvent.Type.ESCALATED,
    TicketEvent.Type.SLA_BREACHED,
    TicketEvent.Type.RATED,
    TicketEvent.Type.FORWARDED,
    AppointmentEvent.BOOKED,
    AppointmentEvent.CANCELLED,
)


# --- Live: one change, one UPDATE per row ----------------------------------------


def rows_apply(rows: Iterable[Row]) -> None:
    """Add each row's deltas: one upsert per row."""
    for model, key, deltas in rows:
        added = {name: value for name, value in deltas.items() if value}
        counter_bump(model, keys=dict(zip(KEY_FIELDS[model], key, strict=True)), deltas=added)


class RowsMissing(Exception):
    """The counts to take off a place are not there (see ``rollups_move``)."""


def rows_take(rows: Iterable[Row]) -> None:
    """Take each row's deltas off its EXISTING row: one UPDATE per row.

    Not an upsert: PostgreSQL checks an upsert's proposed row (negative
    counts) against the constraints before it finds the conflict.
    """
    for model, key, deltas in rows:
        taken = {name: F(name) - value for name, value in deltas.items() if value}
        if not taken:
            continue
        keys = dict(zip(KEY_FIELDS[model], key, strict=True))
        if not model.objects.filter(**keys).update(**taken):
            raise RowsMissing(f"{model.__name__} {key}")


def ticket_event_rows(ticket: Ticket, event: TicketEvent) -> list[Row]:
    """The rows of one event just written on ``ticket`` (the receivers' entry)."""
    return event_rows(
        kind=event.type,
        data=event.data,
        at=event.created_at,
        place=place_of(ticket),
        filed_at=ticket.created_at,
        is_breached=ticket.is_breached,
        calendar=ticket_selectors.business_calendar(),
    )


def ticket_contribution(ticket: Ticket, place: Place) -> Rows:
    """Everything ``ticket`` counts for, as if it had always been at ``place``: two queries.

    The request's times are read afresh: the caller's copy may predate a reply.
    """
    calendar = ticket_selectors.business_calendar()
    filed_at, responded_at, is_breached = Ticket.objects.values_list(
        "created_at", "first_response_at", "is_breached"
    ).get(pk=ticket.pk)
    rows: Rows = defaultdict(Counter)
    events = TicketEvent.objects.filter(ticket=ticket, type__in=EVENT_TYPES).values_list(
        "type", "data", "created_at"
    )
    found = [
        *(
            row
            for kind, data, at in events
            for row in event_rows(kind=kind, data=data, at=at, place=place,
                                  filed_at=filed_at, is_breached=is_breached, calendar=calendar)
        ),
        *(
            first_response_rows(place=place, filed_at=filed_at, responded_at=responded_at,
                                calendar=calendar)
            if responded_at else []
        ),
    ]  # fmt: skip
    for model, key, deltas in found:
        rows[(model, key)].update(deltas)
    return rows


def rollups_move(*, ticket: Ticket, old: Place) -> None:
    """``ticket`` moved from ``old`` to where it is now: its counts move with it.

    Runs inside the service's transaction, before the move's own events are
    written. If the old rows do not hold the counts (rollups built before the
    request's history, say), the move is left to the nightly repair rather
    than failing the service: a savepoint keeps the rest of the change.
    """
    new = place_of(ticket)
    if new == old:
        return
    taken, given = ticket_contribution(ticket, old), ticket_contribution(ticket, new)
    try:
        with transaction.atomic():
            rows_take((m, k, d) for (m, k), d in taken.items())
            rows_apply((m, k, d) for (m, k), d in given.items())
    except (IntegrityError, RowsMissing):
        logger.warning("rollups of %s could not follow its move; the repair will", ticket.pk)


# --- From the source: whole days --------------------------------------------------


def _bounds(first: date, last: date) -> tuple[datetime, datetime]:
    zone = timezone.get_current_timezone()
    start = timezone.make_aware(datetime.combine(first, time.min), zone)
    end = timezone.make_aware(datetime.combine(last + timedelta(days=1), time.min), zone)
    return start, end


_PLACE = ("desk_id", "category_id", "channel", "priority", "line")


def rollups_compute(*, first: date, last: date) -> Rows:
    """The counter rows of the days ``first``..``last`` derived from the source, in memory.

    Reads the audit events of those days (index on ``created_at``) and the
    first responses (index on ``first_response_at``), one streamed query each.
    """
    start, end = _bounds(first, last)
    calendar = ticket_selectors.business_calendar()
    rows: Rows = defaultdict(Counter)
    ticket_fields = [f"ticket__{name}" for name in (*_PLACE, "created_at", "is_breached")]
    events = (
        TicketEvent.objects.filter(created_at__gte=start, created_at__lt=end, type__in=EVENT_TYPES)
        .values_list("type", "data", "created_at", *ticket_fields)
        .order_by()
    )
    for kind, data, at, *place, filed_at, is_breached in events.iterator(chunk_size=5000):
        for model, key, deltas in event_rows(kind=kind, data=data, at=at, place=tuple(place),
                                             filed_at=filed_at, is_breached=is_breached,
                                             calendar=calendar):  # fmt: skip
            rows[(model, key)].update(deltas)
    responses = (
        Ticket.objects.filter(first_response_at__gte=start, first_response_at__lt=end)
        .values_list(*_PLACE, "created_at", "first_response_at")
        .order_by()
    )
    for *place, filed_at, responded_at in responses.iterator(chunk_size=5000):
        for model, key, deltas in first_response_rows(
            place=tuple(place), filed_at=filed_at, responded_at=responded_at, calendar=calendar
        ):
            rows[(model, key)].update(deltas)
    return rows


@transaction.atomic
def rollups_rebuild(*, first: date, last: date) -> int:
    """Replace the rows of the days ``first``..``last`` by what the source says; returns rows."""
    computed = rollups_compute(first=first, last=last)
    written = 0
    for model, names in KEY_FIELDS.items():
        model.objects.filter(day__gte=first, day__lte=last).delete()
        objects = [
            model(**dict(zip(names, key, strict=True)), **{k: v for k, v in counts.items() if v})
            for (kind, key), counts in computed.items()
            if kind is model and any(counts.values())
        ]
        model.objects.bulk_create(objects, batch_size=2000)
        written += len(objects)
    return written


def rollups_rebuild_all(
    *, step_days: int = 7, progress: Callable[[int, int], None] | None = None
) -> int:
    """Rebuild every day from the first audit event to today, a week per transaction."""
    oldest = TicketEvent.objects.order_by("created_at").values_list("created_at", flat=True).first()
    today = timezone.localdate()
    if oldest is None:
        for model in KEY_FIELDS:
            model.objects.all().delete()
        return 0
    first = timezone.localdate(oldest)
    for model in KEY_FIELDS:
        model.objects.filter(day__lt=first).delete()
        model.objects.filter(day__gt=today).delete()
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
