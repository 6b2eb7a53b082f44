"""A request's appointment over the API: the same services and rules as the portal's page."""

# The appointment fixtures are imported by name (appointments/tests/fixtures.py),
# so the tests' arguments of the same name redefine them by design.
# ruff: noqa: F811

from datetime import timedelta

import pytest
import time_machine
from icalendar import Calendar

from appointments.events import AppointmentEvent
from appointments.models import Appointment, AppointmentStatus
from appointments.services import appointment_book
from appointments.tests.fixtures import category, frozen, invited, schedule  # noqa: F401
from appointments.tests.helpers import TUESDAY, at, ics_event, key, last_mail
from tickets.choices import TicketStatus
from tickets.models import TicketEvent
from tickets.services import ticket_set_status
from tickets.tests.factories import file_ticket

from .helpers import app_client
from .test_requests import session_queries, throttle_queries

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def url(ticket, rest: str = "") -> str:
    return f"/api/v1/requests/{ticket.reference}/appointment/{rest}"


def _slot_codes(response) -> list[str]:
    return [error["code"] for error in response.json()["fields"]["slot"]]


def test_student_sees_the_invitation_and_the_free_slots(student_api, invited):
    response = student_api.get(url(invited.ticket))
    assert response.status_code == 200
    body = response.json()
    assert body["reference"] == invited.ticket.reference
    appointment = body["appointment"]
    assert (appointment["status"], appointment["channel"]) == ("invited", "desk")
    assert appointment["location"]["name"] == "Help desk, building A"
    assert appointment["starts_at"] is None
    assert (appointment["can_book"], appointment["can_reschedule"]) == (True, False)
    assert appointment["can_cancel"] is True
    # Monday from 10:00 (an hour's notice), then Tuesday: 3 + 6 slots on the first two days.
    assert body["slots"][0] == {
        "key": key(at(TUESDAY - timedelta(days=1), 10)),
        "starts_at": "2027-03-22T10:00:00+01:00",
        "ends_at": "2027-03-22T10:30:00+01:00",
    }
    assert key(at(TUESDAY, 10)) in [slot["key"] for slot in body["slots"]]
    assert body["change_cutoff_hours"] == 24


def test_no_appointment_offered_answers_null_like_the_page(student, student_api, category):
    ticket = file_ticket(student, category=category)
    response = student_api.get(url(ticket))
    assert response.status_code == 200
    assert response.json() | {"reference": None} == {
        "reference": None,
        "appointment": None,
        "slots": [],
        "change_cutoff_hours": 24,
    }


def test_the_page_answers_304_until_something_changes(student, student_api, invited):
    first = student_api.get(url(invited.ticket))
    assert student_api.get(url(invited.ticket), HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    appointment_book(ticket=invited.ticket, starts_at=at(TUESDAY, 10), acting_user=student)
    changed = student_api.get(url(invited.ticket), HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200


def test_student_books_an_offered_slot(student, student_api, invited):
    response = student_api.post(url(invited.ticket), {"slot": key(at(TUESDAY, 10))}, format="json")
    assert response.status_code == 200, response.json()
    invited.refresh_from_db()
    assert (invited.status, invited.starts_at) == (AppointmentStatus.BOOKED, at(TUESDAY, 10))
    body = response.json()
    assert body["appointment"]["status"] == "booked"
    assert body["appointment"]["starts_at"] == "2027-03-23T10:00:00+01:00"
    assert body["appointment"]["can_reschedule"] is True
    event = TicketEvent.objects.filter(ticket=invited.ticket).order_by("-id").first()
    assert (event.type, event.acting_user) == (AppointmentEvent.BOOKED, student)
    calendar, vevent = ics_event(last_mail("appointment_confirmed"))
    assert last_mail("appointment_confirmed").recipient_email == student.email
    assert str(calendar["METHOD"]) == "REQUEST"
    assert (str(vevent["UID"]), vevent.decoded("DTSTART")) == (invited.uid, at(TUESDAY, 10))


def test_the_local_start_books_the_same_slot(student_api, invited):
    """The app may post a slot's starts_at (local, with offset) instead of its key."""
    response = student_api.post(url(invited.ticket), {"slot": "2027-03-23T10:00:00+01:00"})
    assert response.status_code == 200
    invited.refresh_from_db()
    assert invited.starts_at == at(TUESDAY, 10)


def test_student_reschedules_a_booking(student, student_api, invited):
    appointment_book(ticket=invited.ticket, starts_at=at(TUESDAY, 10), acting_user=student)
    listed = [s["key"] for s in student_api.get(url(invited.ticket)).json()["slots"]]
    assert key(at(TUESDAY, 11)) in listed
    response = student_api.post(url(invited.ticket), {"slot": key(at(TUESDAY, 11))}, format="json")
    assert response.status_code == 200, response.json()
    invited.refresh_from_db()
    assert (invited.status, invited.starts_at, invited.sequence) == ("booked", at(TUESDAY, 11), 1)
    _calendar, vevent = ics_event(last_mail("appointment_rescheduled"))
    assert (str(vevent["UID"]), vevent["SEQUENCE"]) == (invited.uid, 1)
    assert vevent.decoded("DTSTART") == at(TUESDAY, 11)


def test_student_cancels_a_booking_with_a_reason(student, student_api, invited):
    appointment_book(ticket=invited.ticket, starts_at=at(TUESDAY, 10), acting_user=student)
    response = student_api.post(url(invited.ticket, "cancel/"), {"reason": "Solved it myself"})
    assert response.status_code == 200, response.json()
    assert response.json()["appointment"] is None
    invited.refresh_from_db()
    assert invited.status == AppointmentStatus.CANCELLED
    event = TicketEvent.objects.get(type=AppointmentEvent.CANCELLED)
    assert (event.acting_user, event.data["reason"]) == (student, "Solved it myself")
    calendar, vevent = ics_event(last_mail("appointment_cancelled"))
    assert str(calendar["METHOD"]) == "CANCEL"
    assert vevent["SEQUENCE"] == 1


def test_student_declines_an_invitation_without_a_reason(student_api, invited):
    response = student_api.post(url(invited.ticket, "cancel/"), {}, format="json")
    assert response.status_code == 200
    invited.refresh_from_db()
    assert invited.status == AppointmentStatus.CANCELLED
    assert last_mail("appointment_cancelled").attachments.count() == 0  # no time, no .ics


def test_a_time_taken_between_listing_and_posting_answers_slot_taken(
    student_api, invited, other_student, category, agent_first_line
):
    listed = [s["key"] for s in student_api.get(url(invited.ticket)).json()["slots"]]
    assert key(at(TUESDAY, 10)) in listed
    # Meanwhile the desk books its only agent at that time for someone else.
    other = file_ticket(other_student, category=category)
    appointment_book(
        ticket=other, starts_at=at(TUESDAY, 10), channel="phone", acting_user=agent_first_line
    )
    response = student_api.post(url(invited.ticket), {"slot": key(at(TUESDAY, 10))}, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "validation_error"
    assert _slot_codes(response) == ["slot_taken"]
    assert "just booked by someone else" in response.json()["fields"]["slot"][0]["message"]
    invited.refresh_from_db()
    assert invited.status == AppointmentStatus.INVITED
    fresh = [s["key"] for s in student_api.get(url(invited.ticket)).json()["slots"]]
    assert key(at(TUESDAY, 10)) not in fresh


@pytest.mark.parametrize(
    ("language", "message"),
    [("en", "Choose one of the times shown."), ("nl", "Kies een van de getoonde tijdstippen.")],
)
@pytest.mark.parametrize("value", ["tomorrow", "2027-03-23T10:00:00", 42])
def test_a_malformed_slot_is_a_field_error_in_the_asked_language(
    student, invited, language, message, value
):
    client = app_client(student, language=language)
    response = client.post(url(invited.ticket), {"slot": value}, format="json")
    assert response.status_code == 400
    assert response.json()["fields"]["slot"] == [{"code": "invalid", "message": message}]
    invited.refresh_from_db()
    assert invited.status == AppointmentStatus.INVITED


@pytest.mark.parametrize(
    ("language", "message"), [("en", "Choose a time."), ("nl", "Kies een tijdstip.")]
)
def test_a_missing_slot_is_required_in_the_asked_language(student, invited, language, message):
    response = app_client(student, language=language).post(url(invited.ticket), {}, format="json")
    assert response.json()["fields"]["slot"] == [{"code": "required", "message": message}]


def test_a_time_off_the_grid_is_refused_by_the_service(student_api, invited):
    response = student_api.post(url(invited.ticket), {"slot": key(at(TUESDAY, 13))})
    assert _slot_codes(response) == ["not_open"]


def test_a_body_that_is_no_object_is_a_parse_error(student_api, invited):
    response = student_api.post(url(invited.ticket), ["2027-03-23T09:00:00+00:00"], format="json")
    assert (response.status_code, response.json()["code"]) == (400, "parse_error")


def test_without_an_invitation_the_student_cannot_book(student, student_api, category):
    ticket = file_ticket(student, category=category)
    response = student_api.post(url(ticket), {"slot": key(at(TUESDAY, 10))}, format="json")
    assert _slot_codes(response) == ["not_offered"]
    assert not Appointment.objects.exists()
    assert student_api.post(url(ticket, "cancel/")).status_code == 404
    assert student_api.get(url(ticket, "ics/")).status_code == 404


def test_a_finished_request_answers_a_clear_error(student_api, invited):
    ticket_set_status(ticket=invited.ticket, status=TicketStatus.RESOLVED, acting_user=None)
    assert student_api.get(url(invited.ticket)).json()["appointment"]["can_book"] is False
    response = student_api.post(url(invited.ticket), {"slot": key(at(TUESDAY, 10))}, format="json")
    assert response.status_code == 400
    assert response.json()["fields"]["slot"] == [
        {
            "code": "ticket_finished",
            "message": "This request is finished; file a new one if you still need help.",
        }
    ]
    invited.refresh_from_db()
    assert invited.status == AppointmentStatus.INVITED


def test_past_the_cutoff_the_booking_can_no_longer_be_changed(student, invited):
    appointment_book(ticket=invited.ticket, starts_at=at(TUESDAY, 10), acting_user=student)
    with time_machine.travel(at(TUESDAY, 10) - timedelta(hours=23), tick=False):
        client = app_client(student)
        appointment = client.get(url(invited.ticket)).json()["appointment"]
        assert (appointment["can_reschedule"], appointment["can_cancel"]) == (False, False)
        cancel = client.post(url(invited.ticket, "cancel/"), {"reason": "Too late?"})
        moved = client.post(url(invited.ticket), {"slot": key(at(TUESDAY, 11))})
    assert [e["code"] for e in cancel.json()["fields"]["non_field_errors"]] == ["past_cutoff"]
    assert _slot_codes(moved) == ["past_cutoff"]
    invited.refresh_from_db()
    assert (invited.status, invited.starts_at) == (AppointmentStatus.BOOKED, at(TUESDAY, 10))


def test_the_ics_of_a_booking(student, invited):
    appointment_book(ticket=invited.ticket, starts_at=at(TUESDAY, 10), acting_user=student)
    response = app_client(student, language="nl").get(url(invited.ticket, "ics/"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="appointment-{invited.ticket.reference}.ics"'
    )
    vevent = Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert (str(vevent["UID"]), vevent.decoded("DTSTART")) == (invited.uid, at(TUESDAY, 10))
    # In the asked language (Dutch here), not the mail's.
    assert str(vevent["SUMMARY"]) == f"Afspraak servicedesk {invited.ticket.reference}"
    assert str(vevent["LOCATION"]).startswith("Helpdesk, gebouw A")


def test_the_ics_of_an_invitation_is_404_and_errors_stay_json(student_api, invited):
    response = student_api.get(url(invited.ticket, "ics/"))
    assert (response.status_code, response["Content-Type"]) == (404, "application/json")
    assert response.json()["code"] == "not_found"


def test_asking_the_ics_as_json_is_not_acceptable(student, student_api, invited):
    appointment_book(ticket=invited.ticket, starts_at=at(TUESDAY, 10), acting_user=student)
    response = student_api.get(url(invited.ticket, "ics/"), HTTP_ACCEPT="application/json")
    assert response.status_code == 406
    assert response.json()["code"] == "not_acceptable"


def test_someone_elses_request_appointment_and_ics_answer_404(student, other_student, invited):
    appointment_book(ticket=invited.ticket, starts_at=at(TUESDAY, 10), acting_user=student)
    client = app_client(other_student)
    checks = [
        client.get(url(invited.ticket)),
        client.post(url(invited.ticket), {"slot": key(at(TUESDAY, 11))}, format="json"),
        client.post(url(invited.ticket, "cancel/"), {"reason": "mine now"}, format="json"),
        client.get(url(invited.ticket, "ics/")),
        client.get("/api/v1/requests/SD-0000-000000/appointment/"),
    ]
    assert [r.status_code for r in checks] == [404] * len(checks)
    assert {r.json()["code"] for r in checks} == {"not_found"}
    invited.refresh_from_db()
    assert (invited.status, invited.starts_at) == (AppointmentStatus.BOOKED, at(TUESDAY, 10))


def test_appointments_need_a_signed_in_user(anon_api, invited):
    response = anon_api.get(url(invited.ticket))
    assert (response.status_code, response.json()["code"]) == (401, "not_authenticated")


@pytest.mark.parametrize("count", [1, 30])
def test_appointment_page_query_count_is_constant(
    student, invited, category, agent_first_line, count, django_assert_num_queries
):
    from accounts.tests.factories import StudentFactory

    booked, day = 0, 1
    while booked < count:
        moment = at(TUESDAY, 9) + timedelta(days=day - 1, minutes=30 * (booked % 6))
        if moment.weekday() < 5:
            other = file_ticket(StudentFactory(), category=category)
            appointment_book(
                ticket=other, starts_at=moment, channel="phone", acting_user=agent_first_line
            )
            booked += 1
            day += booked % 6 == 0
        else:
            day += 1
    client = app_client(student)
    # (session,) user, AUP gate, ticket, active appointment, schedule,
    # hours, holidays, agents, closures, booked appointments of the window
    with django_assert_num_queries(10 + session_queries() + throttle_queries()):
        response = client.get(url(invited.ticket))
    assert response.status_code == 200
    assert len(response.json()["slots"]) > 0
