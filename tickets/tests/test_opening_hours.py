"""Weekly windows may not overlap: the admin says so, and the SLA clock never counts twice."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.test import Client

from core.business_hours import (
    add_business_time,
    business_time_between,
    calendar_from_rows,
    first_overlap,
)
from tickets.models import OpeningHours

MONDAY = date(2026, 11, 30)


def _client(user, language: str = "en") -> Client:
    client = Client()
    client.cookies["django_language"] = language
    client.force_login(user)
    return client


def test_overlapping_rows_count_once_in_the_sla_clock():
    calendar = calendar_from_rows([(0, time(9), time(13)), (0, time(12), time(17))], [])
    start = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)  # Monday 09:00 in Brussels
    assert calendar.windows[0] == ((time(9), time(17)),)
    assert add_business_time(start, timedelta(hours=8), calendar) == start + timedelta(hours=8)
    assert business_time_between(start, start + timedelta(days=1), calendar) == timedelta(hours=8)


def test_touching_windows_stay_apart_and_a_contained_one_disappears():
    calendar = calendar_from_rows(
        [(0, time(9), time(12)), (0, time(12), time(17)), (1, time(9), time(17)),
         (1, time(10), time(11))], [],
    )  # fmt: skip
    assert calendar.windows[0] == ((time(9), time(12)), (time(12), time(17)))
    assert calendar.windows[1] == ((time(9), time(17)),)


@pytest.mark.parametrize(
    ("windows", "overlap"),
    [
        ([(0, time(9), time(12)), (0, time(12), time(17))], None),
        ([(0, time(9), time(12)), (1, time(10), time(17))], None),
        ([(0, time(9), time(13)), (0, time(12), time(17))],
         ((0, time(9), time(13)), (0, time(12), time(17)))),
        ([(2, time(9), time(17)), (2, time(10), time(11)), (2, time(12), time(13))],
         ((2, time(9), time(17)), (2, time(10), time(11)))),
        # A short window inside a long one, then one that starts after the short one ends.
        ([(3, time(8), time(18)), (3, time(9), time(10)), (3, time(11), time(12))],
         ((3, time(8), time(18)), (3, time(9), time(10)))),
    ],
)  # fmt: skip
def test_first_overlap(windows, overlap):
    assert first_overlap(windows) == overlap


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "On monday, 08:30-17:00 overlaps 12:00-18:00."),
        ("nl", "Op maandag overlapt 08:30-17:00 met 12:00-18:00."),
    ],
)
def test_lead_cannot_add_an_overlapping_window(desk_lead, language, message):
    before = OpeningHours.objects.count()
    response = _client(desk_lead, language).post(
        "/admin/tickets/openinghours/add/", {"weekday": 0, "opens": "12:00", "closes": "18:00"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    # What the lead typed is still in the form.
    assert 'value="12:00"' in page and 'value="18:00"' in page
    assert OpeningHours.objects.count() == before


@pytest.mark.django_db
def test_lead_adds_a_window_that_only_touches_another(desk_lead):
    response = _client(desk_lead).post(
        "/admin/tickets/openinghours/add/", {"weekday": 5, "opens": "10:00", "closes": "14:00"}
    )
    assert response.status_code == 302
    assert OpeningHours.objects.filter(weekday=5, opens=time(10)).exists()
    response = _client(desk_lead).post(
        "/admin/tickets/openinghours/add/", {"weekday": 5, "opens": "14:00", "closes": "16:00"}
    )
    assert response.status_code == 302


@pytest.mark.django_db
def test_changelist_edits_that_make_two_windows_overlap_are_refused(desk_lead):
    OpeningHours.objects.all().delete()
    morning = OpeningHours.objects.create(weekday=0, opens=time(9), closes=time(12))
    afternoon = OpeningHours.objects.create(weekday=0, opens=time(13), closes=time(17))
    data = {
        "form-TOTAL_FORMS": "2", "form-INITIAL_FORMS": "2",
        "form-0-id": morning.pk, "form-0-opens": "09:00", "form-0-closes": "14:00",
        "form-1-id": afternoon.pk, "form-1-opens": "13:00", "form-1-closes": "17:00",
        "_save": "Save",
    }  # fmt: skip
    response = _client(desk_lead).post("/admin/tickets/openinghours/", data)
    assert response.status_code == 200
    assert "On monday, 09:00-14:00 overlaps 13:00-17:00." in response.content.decode()
    morning.refresh_from_db()
    assert morning.closes == time(12)
    # Moving both windows at once, so they still do not overlap, is fine.
    data.update({"form-0-closes": "13:30", "form-1-opens": "13:30"})
    assert _client(desk_lead).post("/admin/tickets/openinghours/", data).status_code == 302
    morning.refresh_from_db()
    assert morning.closes == time(13, 30)
