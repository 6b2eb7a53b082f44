"""Business-hour arithmetic for SLA due times.

Opening hours are wall-clock times in the desk's zone (Europe/Brussels), so
a window is built per calendar date with ``zoneinfo``: on the days clocks
change, 09:00-17:00 is still eight real hours and due times land on the
right UTC instant. Holidays close the whole day.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

DESK_ZONE = ZoneInfo("Europe/Brussels")
# A guard against a calendar with no opening hours at all: give up after
# this many days rather than loop for ever.
MAX_DAYS = 3 * 366


@dataclass(frozen=True)
class BusinessCalendar:
    """Opening windows per weekday (0 = Monday) and closed dates."""

    windows: dict[int, tuple[tuple[time, time], ...]]
    holidays: frozenset[date] = field(default_factory=frozenset)
    zone: ZoneInfo = DESK_ZONE

    def windows_on(self, day: date) -> Iterator[tuple[datetime, datetime]]:
        """The open intervals of one local date, in UTC.

        Wall-clock times are placed on the date in the desk's zone and then
        turned into UTC, because Python subtracts two datetimes sharing a
        tzinfo by wall clock, which would be an hour off across a DST change.
        """
        if day in self.holidays:
            return
        for opens, closes in self.windows.get(day.weekday(), ()):
            yield (
                datetime.combine(day, opens, tzinfo=self.zone).astimezone(UTC),
                datetime.combine(day, closes, tzinfo=self.zone).astimezone(UTC),
            )

    def has_hours(self) -> bool:
        return any(self.windows.values())


def merge_overlapping(spans: Iterable[tuple[time, time]]) -> tuple[tuple[time, time], ...]:
    """One day's windows sorted, with overlapping ones joined.

    The admin refuses overlapping windows, but rows made before that check
    or by other means must not count an hour twice: 09-13 and 12-17 are
    eight business hours, not nine. Windows that only touch (09-12, 12-17)
    stay apart, so an appointment slot grid still starts anew at 12:00.
    """
    merged: list[tuple[time, time]] = []
    for opens, closes in sorted(spans):
        if merged and opens < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], closes))
        else:
            merged.append((opens, closes))
    return tuple(merged)


def first_overlap(
    windows: Iterable[tuple[int, time, time]],
) -> tuple[tuple[int, time, time], tuple[int, time, time]] | None:
    """Two (weekday, opens, closes) windows of the same weekday that overlap, or None."""
    previous: tuple[int, time, time] | None = None
    for window in sorted(windows):
        if previous is not None and window[0] == previous[0] and window[1] < previous[2]:
            return previous, window
        if previous is None or window[0] != previous[0] or window[2] > previous[2]:
            previous = window
    return None


def calendar_from_rows(
    hours: Iterable[tuple[int, time, time]], holidays: Iterable[date]
) -> BusinessCalendar:
    """Build a calendar from (weekday, opens, closes) rows and holiday dates."""
    windows: dict[int, list[tuple[time, time]]] = {}
    for weekday, opens, closes in hours:
        windows.setdefault(weekday, []).append((opens, closes))
    return BusinessCalendar(
        windows={day: merge_overlapping(spans) for day, spans in windows.items()},
        holidays=frozenset(holidays),
    )


def add_business_time(start: datetime, amount: timedelta, calendar: BusinessCalendar) -> datetime:
    """The moment ``amount`` of business time after ``start``.

    Raises ValueError when the calendar has no opening hours.
    """
    if not calendar.has_hours():
        raise ValueError("the business calendar has no opening hours")
    remaining = amount
    day = start.astimezone(calendar.zone).date()
    for _ in range(MAX_DAYS):
        for opens, closes in calendar.windows_on(day):
            begin = max(opens, start.astimezone(UTC))
            if begin >= closes:
                continue
            available = closes - begin
            if remaining <= available:
                return begin + remaining
            remaining -= available
        day += timedelta(days=1)
    raise ValueError("no business time found within the search horizon")


def business_time_between(start: datetime, end: datetime, calendar: BusinessCalendar) -> timedelta:
    """Business time elapsed from ``start`` to ``end`` (zero when end <= start)."""
    total = timedelta(0)
    if end <= start:
        return total
    start, end = start.astimezone(UTC), end.astimezone(UTC)
    day = start.astimezone(calendar.zone).date()
    last = end.astimezone(calendar.zone).date()
    while day <= last:
        for opens, closes in calendar.windows_on(day):
            begin, finish = max(opens, start), min(closes, end)
            if finish > begin:
                total += finish - begin
        day += timedelta(days=1)
    return total
