"""Business-hour arithmetic: weekends, holidays, DST changes, pauses."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from core.business_hours import BusinessCalendar, add_business_time, business_time_between

BRUSSELS = ZoneInfo("Europe/Brussels")
WEEKDAYS = {day: ((time(9), time(17)),) for day in range(5)}
CAL = BusinessCalendar(windows=WEEKDAYS)


def local(*args):
    return datetime(*args, tzinfo=BRUSSELS)


def test_within_one_day():
    assert add_business_time(local(2026, 11, 24, 10), timedelta(hours=2), CAL) == local(
        2026, 11, 24, 12
    )


def test_before_opening_starts_counting_at_opening():
    assert add_business_time(local(2026, 11, 24, 6), timedelta(hours=1), CAL) == local(
        2026, 11, 24, 10
    )


def test_friday_afternoon_rolls_over_the_weekend():
    # Friday 27 Nov 2026, 16:00 + 3h = 1h Friday + 2h Monday.
    assert add_business_time(local(2026, 11, 27, 16), timedelta(hours=3), CAL) == local(
        2026, 11, 30, 11
    )


def test_filed_on_saturday_counts_from_monday_morning():
    assert add_business_time(local(2026, 11, 28, 12), timedelta(minutes=30), CAL) == local(
        2026, 11, 30, 9, 30
    )


def test_holiday_is_skipped():
    cal = BusinessCalendar(windows=WEEKDAYS, holidays=frozenset({date(2026, 12, 25)}))
    # Thursday 24 Dec 16:00 + 2h: 1h Thursday, Friday 25th is a holiday, 1h Monday 28th.
    assert add_business_time(local(2026, 12, 24, 16), timedelta(hours=2), cal) == local(
        2026, 12, 28, 10
    )


def test_spring_dst_change_keeps_wall_clock_hours():
    # Clocks go forward on Sunday 29 March 2026. Friday 16:00 CET + 2h = Monday 10:00 CEST.
    due = add_business_time(local(2026, 3, 27, 16), timedelta(hours=2), CAL)
    assert due == local(2026, 3, 30, 10)
    assert due.astimezone(UTC) == datetime(2026, 3, 30, 8, tzinfo=UTC)


def test_autumn_dst_change_keeps_wall_clock_hours():
    # Clocks go back on Sunday 25 October 2026. Friday 16:00 CEST + 2h = Monday 10:00 CET.
    due = add_business_time(local(2026, 10, 23, 16), timedelta(hours=2), CAL)
    assert due.astimezone(UTC) == datetime(2026, 10, 26, 9, tzinfo=UTC)


def test_window_spanning_a_dst_change_counts_real_time():
    # A 24/7 Sunday window on the spring change day holds only 23 real hours.
    cal = BusinessCalendar(windows={6: ((time(0), time(23, 59)),)})
    elapsed = business_time_between(local(2026, 3, 29, 0), local(2026, 3, 29, 23, 59), cal)
    assert elapsed == timedelta(hours=22, minutes=59)


def test_time_between_skips_nights_and_weekends():
    elapsed = business_time_between(local(2026, 11, 27, 16), local(2026, 11, 30, 11), CAL)
    assert elapsed == timedelta(hours=3)


def test_time_between_and_add_are_inverse():
    start = local(2026, 11, 26, 15, 17)
    for minutes in (1, 59, 480, 481, 2400):
        due = add_business_time(start, timedelta(minutes=minutes), CAL)
        assert business_time_between(start, due, CAL) == timedelta(minutes=minutes)


def test_calendar_without_hours_refuses():
    with pytest.raises(ValueError, match="no opening hours"):
        add_business_time(local(2026, 11, 24, 10), timedelta(hours=1), BusinessCalendar({}))
