"""Slot generation: the local grid across a DST change, holidays, closures."""

from datetime import UTC, date, datetime, time

import pytest
import time_machine

from core.business_hours import DESK_ZONE
from tickets.models import Holiday

from .. import selectors
from ..models import Closure
from .factories import open_schedule

# Europe/Brussels moves to summer time on Sunday 28 March 2027 (02:00 -> 03:00);
# Monday 29 March 2027 is Easter Monday.
BEFORE_DST = datetime(2027, 3, 25, 12, 0, tzinfo=UTC)


def _starts(slots, day):
    return [s.local_start.strftime("%H:%M") for s in slots if s.local_start.date() == day]


@pytest.mark.django_db
def test_slots_keep_local_times_across_the_dst_change(agent_first_line):
    schedule = open_schedule(agents=[agent_first_line], weekdays=range(7))
    slots = selectors.window_slots(
        schedule=schedule, first=date(2027, 3, 26), days=5, not_before=BEFORE_DST
    )
    friday = [s for s in slots if s.local_start.date() == date(2027, 3, 26)]
    tuesday = [s for s in slots if s.local_start.date() == date(2027, 3, 30)]
    # The same wall-clock grid on both sides of the change ...
    assert _starts(slots, date(2027, 3, 26)) == _starts(slots, date(2027, 3, 30))
    assert _starts(slots, date(2027, 3, 26))[0] == "09:00"
    assert len(friday) == 6
    # ... lands on different UTC instants: UTC+1 before, UTC+2 after.
    assert friday[0].starts_at == datetime(2027, 3, 26, 8, 0, tzinfo=UTC)
    assert tuesday[0].starts_at == datetime(2027, 3, 30, 7, 0, tzinfo=UTC)
    assert all((s.ends_at - s.starts_at).total_seconds() == 1800 for s in slots)


@pytest.mark.django_db
def test_a_window_spanning_the_missing_hour_has_real_hour_slots(agent_first_line):
    schedule = open_schedule(
        agents=[agent_first_line],
        weekdays=[6],
        opens=time(1),
        closes=time(5),
        slot_minutes=60,
    )
    slots = selectors.window_slots(
        schedule=schedule, first=date(2027, 3, 28), days=1, not_before=BEFORE_DST
    )
    # 01:00 CET to 05:00 CEST is three real hours: 02:00 local never happens.
    assert [s.local_start.strftime("%H:%M") for s in slots] == ["01:00", "03:00", "04:00"]
    assert [s.starts_at.hour for s in slots] == [0, 1, 2]


@pytest.mark.django_db
def test_no_slots_on_a_holiday(agent_first_line):
    schedule = open_schedule(agents=[agent_first_line])
    first = date(2027, 3, 29)
    before = selectors.window_slots(schedule=schedule, first=first, days=2, not_before=BEFORE_DST)
    assert _starts(before, first) != []
    Holiday.objects.create(date=first, name="Paasmaandag")
    after = selectors.window_slots(schedule=schedule, first=first, days=2, not_before=BEFORE_DST)
    assert _starts(after, first) == []
    assert _starts(after, date(2027, 3, 30)) == _starts(before, date(2027, 3, 30))


@pytest.mark.django_db
def test_a_desk_closure_and_an_agent_absence_take_slots_away(agent_first_line, agent_second_line):
    schedule = open_schedule(agents=[agent_first_line, agent_second_line])
    day = date(2027, 3, 30)

    def local(hour, minute=0):
        return datetime.combine(day, time(hour, minute), tzinfo=DESK_ZONE)

    Closure.objects.create(desk=schedule.desk, starts_at=local(9), ends_at=local(10))
    Closure.objects.create(
        desk=schedule.desk, agent=agent_second_line, starts_at=local(10), ends_at=local(12)
    )
    slots = selectors.window_slots(schedule=schedule, first=day, days=1, not_before=BEFORE_DST)
    assert _starts(slots, day) == ["10:00", "10:30", "11:00", "11:30"]
    assert {s.agent_ids for s in slots} == {(agent_first_line.pk,)}


@pytest.mark.django_db
def test_bookable_slots_respect_notice_and_horizon(agent_first_line):
    schedule = open_schedule(agents=[agent_first_line], horizon_days=3, min_notice_minutes=120)
    # Tuesday 30 March 2027, 09:10 local: the first slot at least two hours on is 11:30.
    with time_machine.travel(datetime(2027, 3, 30, 7, 10, tzinfo=UTC), tick=False):
        slots = selectors.bookable_slots(schedule=schedule)
    assert slots[0].local_start == datetime(2027, 3, 30, 11, 30, tzinfo=DESK_ZONE)
    assert max(s.local_start.date() for s in slots) == date(2027, 4, 1)


@pytest.mark.django_db
def test_overlapping_hours_rows_list_each_slot_once(agent_first_line):
    from ..models import AppointmentHours

    schedule = open_schedule(
        agents=[agent_first_line], weekdays=[4], opens=time(9), closes=time(11)
    )
    # Made outside the admin, which refuses it: 10:00-12:00 overlaps 09:00-11:00.
    AppointmentHours.objects.create(schedule=schedule, weekday=4, opens=time(10), closes=time(12))
    slots = selectors.window_slots(
        schedule=schedule, first=date(2027, 3, 26), days=1, not_before=BEFORE_DST
    )
    starts = _starts(slots, date(2027, 3, 26))
    assert starts == ["09:00", "09:30", "10:00", "10:30", "11:00", "11:30"]
