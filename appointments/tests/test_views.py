"""The requester's appointment page: pick, move, cancel; someone else's is 404."""

import re
from datetime import timedelta

import pytest

from tickets import links
from tickets.tests.factories import file_ticket

from ..models import Appointment, AppointmentStatus
from ..services import appointment_book, appointment_offer
from .helpers import TUESDAY, at, key

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


@pytest.fixture(autouse=True)
def english(client):
    client.cookies["django_language"] = "en"


def session_queries() -> int:
    from django.conf import settings

    return 0 if settings.SESSION_ENGINE.endswith("cached_db") else 1


def url(ticket) -> str:
    return f"/requests/{ticket.reference}/appointment/"


def test_student_picks_a_time(client, student, invited):
    client.force_login(student)
    page = client.get(url(invited.ticket) + f"?day={TUESDAY.isoformat()}").content.decode()
    slot = key(at(TUESDAY, 10))
    assert f'value="{slot}"' in page
    response = client.post(url(invited.ticket), {"slot": slot})
    assert response.status_code == 302
    invited.refresh_from_db()
    assert (invited.status, invited.starts_at) == (AppointmentStatus.BOOKED, at(TUESDAY, 10))


def test_a_taken_time_shows_the_message_and_fresh_slots(
    client, student, invited, other_student, category, agent_first_line
):
    other = file_ticket(other_student, category=category)
    appointment_book(
        ticket=other, starts_at=at(TUESDAY, 10), channel="phone", acting_user=agent_first_line
    )
    client.force_login(student)
    slot = key(at(TUESDAY, 10))
    response = client.post(url(invited.ticket), {"slot": slot})
    html = response.content.decode()
    assert response.status_code == 200
    assert "just booked by someone else" in html
    assert 'id="id_slot_error"' in html
    assert f'value="{slot}"' not in html  # the fresh list no longer offers it
    assert f'value="{key(at(TUESDAY, 10, 30))}"' in html


@pytest.mark.parametrize("value", ["", "tomorrow", "2027-03-23T10:00:00"])
def test_bad_input_is_answered_next_to_the_field(client, student, invited, value):
    client.force_login(student)
    response = client.post(url(invited.ticket), {"slot": value})
    assert response.status_code == 200
    assert 'id="id_slot_error"' in response.content.decode()
    invited.refresh_from_db()
    assert invited.status == AppointmentStatus.INVITED


def test_someone_elses_request_is_404(client, other_student, invited):
    client.force_login(other_student)
    assert client.get(url(invited.ticket)).status_code == 404
    assert client.post(url(invited.ticket), {"slot": key(at(TUESDAY, 10))}).status_code == 404
    invited.refresh_from_db()
    assert invited.status == AppointmentStatus.INVITED


def test_student_cancels_before_the_cutoff(client, student, invited):
    appointment_book(ticket=invited.ticket, starts_at=at(TUESDAY, 10), acting_user=student)
    client.force_login(student)
    response = client.post(url(invited.ticket) + "cancel/", {"reason": "Fixed"})
    assert response.status_code == 302
    invited.refresh_from_db()
    assert invited.status == AppointmentStatus.CANCELLED


def test_the_day_strip_shows_one_days_times_at_a_time(client, student, invited):
    client.force_login(student)
    first = client.get(url(invited.ticket)).content.decode()
    tuesday = client.get(url(invited.ticket) + f"?day={TUESDAY.isoformat()}").content.decode()
    assert f'href="?day={TUESDAY.isoformat()}#times-heading"' in first
    assert f'value="{key(at(TUESDAY, 10))}"' in tuesday
    assert 'aria-current="date"' in tuesday
    # Only the chosen day's times are radios: not Wednesday's, nor the first day's.
    wednesday = TUESDAY + timedelta(days=1)
    assert f'value="{key(at(wednesday, 10))}"' not in tuesday
    values = re.findall(r'name="slot" value="([^"]+)"', tuesday)
    assert values and all(value.startswith("2027-03-23") for value in values)


def test_cancelling_asks_first_and_then_says_it_was_cancelled(client, student, invited):
    appointment_book(ticket=invited.ticket, starts_at=at(TUESDAY, 10), acting_user=student)
    client.force_login(student)
    confirm = client.get(url(invited.ticket) + "cancel/")
    assert confirm.status_code == 200
    assert "Yes, cancel my appointment" in confirm.content.decode()
    invited.refresh_from_db()
    assert invited.status == AppointmentStatus.BOOKED  # asking changes nothing

    response = client.post(url(invited.ticket) + "cancel/", {"reason": "Fixed"}, follow=True)
    html = response.content.decode()
    assert "Your appointment is cancelled" in html
    assert "has not offered an appointment" not in html
    invited.refresh_from_db()
    assert invited.status == AppointmentStatus.CANCELLED


def test_the_cancel_page_without_an_appointment_goes_back(client, student, category):
    ticket = file_ticket(student, category=category)
    client.force_login(student)
    response = client.get(url(ticket) + "cancel/")
    assert response.status_code == 302
    assert response["Location"] == url(ticket)


def test_guest_books_through_the_private_link(client, category, agent_first_line):
    ticket = file_ticket(None, category=category)
    appointment_offer(ticket=ticket, channel="phone", acting_user=agent_first_line)
    guest_url = f"/requests/guest/{ticket.reference}/appointment/"
    assert client.get(guest_url).status_code == 404
    client.get(links.private_link_path(ticket))
    assert client.get(guest_url).status_code == 200
    response = client.post(guest_url, {"slot": key(at(TUESDAY, 11))})
    assert response.status_code == 302
    assert Appointment.objects.get(ticket=ticket).status == AppointmentStatus.BOOKED


def test_the_request_page_shows_the_appointment_history(client, student, invited):
    appointment_book(ticket=invited.ticket, starts_at=at(TUESDAY, 10), acting_user=student)
    client.force_login(student)
    html = client.get(f"/requests/{invited.ticket.reference}/").content.decode()
    assert "appointment-history" in html
    assert url(invited.ticket) in html


@pytest.mark.parametrize("count", [1, 30])
def test_slot_picker_query_count_does_not_grow(
    client, student, invited, category, agent_first_line, count, django_assert_num_queries
):
    from accounts.tests.factories import StudentFactory

    start = at(TUESDAY, 9)
    booked = 0
    day = 0
    while booked < count:
        moment = start + timedelta(days=day, minutes=30 * (booked % 6))
        if moment.weekday() < 5:
            other = file_ticket(StudentFactory(), category=category)
            appointment_book(
                ticket=other, starts_at=moment, channel="phone", acting_user=agent_first_line
            )
            booked += 1
            if booked % 6 == 0:
                day += 1
        else:
            day += 1
    client.force_login(student)
    client.get(url(invited.ticket))
    # user, ticket, active appointment, schedule, hours, holidays, agents,
    # closures, booked appointments of the window (the AUP gate asks once per session)
    with django_assert_num_queries(9 + session_queries()):
        response = client.get(url(invited.ticket))
    assert response.status_code == 200
