"""The slot grid: pure arithmetic, no database.

Weekly hours are wall-clock times in Europe/Brussels; ``BusinessCalendar``
(shared with the SLA clock) turns each local date's windows into UTC
instants, so on the days the clocks change a 09:00-12:00 window is still
three real hours and every slot starts on the local grid. Slots step in
real minutes from the window's opening instant.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from core.business_hours import DESK_ZONE, BusinessCalendar


@dataclass(frozen=True)
class Slot:
    """A bookable time and the agents still free then (ids, in a stable order)."""

    starts_at: datetime
    ends_at: datetime
    agent_ids: tuple[int, ...]

    @property
    def local_start(self) -> datetime:
        return self.starts_at.astimezone(DESK_ZONE)

    @property
    def local_end(self) -> datetime:
        return self.ends_at.astimezone(DESK_ZONE)

    @property
    def key(self) -> str:
        """The value a form posts: the UTC start as ISO 8601."""
        return self.starts_at.isoformat()


def local_dates(start: date, days: int) -> Iterator[date]:
    for offset in range(days):
        yield start + timedelta(days=offset)


def grid(
    calendar: BusinessCalendar, dates: Iterable[date], length: timedelta
) -> Iterator[tuple[datetime, datetime]]:
    """Every (start, end) on the grid of the given local dates, in UTC."""
    for day in dates:
        for opens, closes in calendar.windows_on(day):
            start = opens
            while start + length <= closes:
                yield start, start + length
                start += length


def busy_by_agent(
    spans: Iterable[tuple[int | None, datetime, datetime]],
) -> tuple[list[tuple[datetime, datetime]], dict[int, list[tuple[datetime, datetime]]]]:
    """Split busy spans into desk-wide ones (agent None) and per-agent ones."""
    desk: list[tuple[datetime, datetime]] = []
    agents: dict[int, list[tuple[datetime, datetime]]] = {}
    for agent_id, begin, end in spans:
        if agent_id is None:
            desk.append((begin, end))
        else:
            agents.setdefault(agent_id, []).append((begin, end))
    return desk, agents


def _overlaps(begin: datetime, end: datetime, spans: list[tuple[datetime, datetime]]) -> bool:
    return any(b < end and begin < e for b, e in spans)


def free_slots(
    *,
    calendar: BusinessCalendar,
    dates: Iterable[date],
    length: timedelta,
    agent_ids: Iterable[int],
    busy: Iterable[tuple[int | None, datetime, datetime]],
    not_before: datetime,
) -> list[Slot]:
    """Slots with at least one free agent, starting no earlier than ``not_before``.

    ``busy`` holds closures (agent None), absences and booked appointments
    within the window; the work is bounded by the grid size times the busy
    spans of that window only.
    """
    agents = tuple(sorted(agent_ids))
    desk_busy, agent_busy = busy_by_agent(busy)
    slots = []
    for begin, end in grid(calendar, dates, length):
        if begin < not_before or _overlaps(begin, end, desk_busy):
            continue
        free = tuple(a for a in agents if not _overlaps(begin, end, agent_busy.get(a, [])))
        if free:
            slots.append(Slot(begin, end, free))
    return slots
