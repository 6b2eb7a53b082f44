"""The admin side: offering from a request, outcome actions, the calendar."""

import pytest
import time_machine

from accounts import roles
from accounts.tests.factories import StaffFactory
from core.testing.clients import staff_client
from tickets.services import ticket_escalate
from tickets.tests.factories import DeskFactory, ResolverGroupFactory, file_ticket

from ..models import Appointment, AppointmentStatus
from ..services import appointment_book
from .helpers import TUESDAY, at, key, last_mail

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def offer_url(ticket) -> str:
    return f"/admin/appointments/appointment/offer/{ticket.pk}/"


def test_agent_invites_the_requester_from_the_request(agent_first_line, student, category):
    ticket = file_ticket(student, category=category)
    client = staff_client(agent_first_line, "en")
    change = client.get(f"/admin/tickets/ticket/{ticket.pk}/change/").content.decode()
    assert offer_url(ticket) in change
    response = client.post(offer_url(ticket), {"mode": "invite", "channel": "remote"})
    assert response.status_code == 302
    appointment = Appointment.objects.get(ticket=ticket)
    assert (appointment.status, appointment.channel) == (AppointmentStatus.INVITED, "remote")
    mail = last_mail("appointment_invited")
    assert mail.recipient_email == student.email
    assert f"/requests/{ticket.reference}/appointment/" in mail.body_text


def test_agent_books_a_specific_slot(agent_first_line, student, category):
    ticket = file_ticket(student, category=category)
    client = staff_client(agent_first_line, "en")
    assert key(at(TUESDAY, 9, 30)) in client.get(offer_url(ticket)).content.decode()
    response = client.post(
        offer_url(ticket), {"mode": "book", "channel": "desk", "slot": key(at(TUESDAY, 9, 30))}
    )
    assert response.status_code == 302
    appointment = Appointment.objects.get(ticket=ticket)
    assert appointment.starts_at == at(TUESDAY, 9, 30)
    assert appointment.location is not None


def test_booking_without_a_time_is_refused_next_to_the_field(agent_first_line, student, category):
    ticket = file_ticket(student, category=category)
    response = staff_client(agent_first_line, "en").post(
        offer_url(ticket), {"mode": "book", "channel": "desk", "slot": ""}
    )
    assert response.status_code == 200
    assert "Choose a time to book." in response.content.decode()
    assert not Appointment.objects.exists()


def test_an_agent_of_another_desk_gets_404(student, category):
    outsider = StaffFactory(username="outsider", roles=[roles.FIRST_LINE_AGENT])
    outsider.desks.add(DeskFactory())
    ticket = file_ticket(student, category=category)
    assert staff_client(outsider, "en").get(offer_url(ticket)).status_code == 404


def test_mark_no_show_action(agent_first_line, student, category):
    ticket = file_ticket(student, category=category)
    appointment = appointment_book(
        ticket=ticket, starts_at=at(TUESDAY, 10), channel="desk", acting_user=agent_first_line
    )
    with time_machine.travel(at(TUESDAY, 10, 15), tick=False):
        response = staff_client(agent_first_line, "en").post(
            "/admin/appointments/appointment/",
            {"action": "mark_no_show", "_selected_action": [appointment.pk]},
        )
    assert response.status_code == 302
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.NO_SHOW


def _calendar_url(schedule, view="week") -> str:
    return (
        f"/admin/appointments/appointment/calendar/?desk={schedule.desk_id}"
        f"&view={view}&date={TUESDAY.isoformat()}"
    )


def test_calendar_day_view_per_agent(agent_first_line, student, category, schedule):
    ticket = file_ticket(student, category=category)
    appointment_book(
        ticket=ticket, starts_at=at(TUESDAY, 10), channel="desk", acting_user=agent_first_line
    )
    html = (
        staff_client(agent_first_line, "en")
        .get(_calendar_url(schedule, "day") + f"&agent={agent_first_line.pk}")
        .content.decode()
    )
    assert ticket.reference in html
    assert "10:00\u201310:30" in html


@pytest.mark.parametrize("count", [1, 24])
def test_calendar_query_count_does_not_grow(
    agent_first_line, category, schedule, count, django_assert_num_queries
):
    from datetime import timedelta

    from accounts.tests.factories import StudentFactory

    for n in range(count):
        ticket = file_ticket(StudentFactory(), category=category)
        moment = at(TUESDAY, 9) + timedelta(days=n // 6, minutes=30 * (n % 6))
        appointment_book(
            ticket=ticket, starts_at=moment, channel="phone", acting_user=agent_first_line
        )
    client = staff_client(agent_first_line, "en")
    client.get(_calendar_url(schedule))
    # user, permissions (user + groups), the lead check, desks, agents, the
    # window's appointments with their request, agent, desk and location (the
    # AUP gate asks once per session)
    with django_assert_num_queries(7 + _session_queries()):
        response = client.get(_calendar_url(schedule))
    assert response.status_code == 200


def _session_queries() -> int:
    from django.conf import settings

    return 0 if settings.SESSION_ENGINE.endswith("cached_db") else 1


def test_a_slot_taken_meanwhile_is_refused_with_fresh_times(
    agent_first_line, student, other_student, category
):
    taken = key(at(TUESDAY, 9, 30))
    first = file_ticket(other_student, category=category)
    appointment_book(
        ticket=first, starts_at=at(TUESDAY, 9, 30), channel="desk", acting_user=agent_first_line
    )
    ticket = file_ticket(student, category=category)
    response = staff_client(agent_first_line, "en").post(
        offer_url(ticket), {"mode": "book", "channel": "desk", "slot": taken}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "just booked by someone else" in html
    assert f'value="{taken}"' not in html
    assert not Appointment.objects.filter(ticket=ticket).exists()


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "On tuesday, 09:00-12:00 overlaps 11:00-13:00."),
        ("nl", "Op dinsdag overlapt 09:00-12:00 met 11:00-13:00."),
    ],
)
def test_lead_cannot_give_a_schedule_overlapping_hours(desk_lead, schedule, language, message):
    from ..models import AppointmentHours

    existing = list(schedule.hours.order_by("weekday"))
    client = staff_client(desk_lead, "en")
    client.cookies["django_language"] = language
    url = f"/admin/appointments/appointmentschedule/{schedule.pk}/change/"
    form = client.get(url).context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and not isinstance(value, list | tuple)
    }
    data.update({name: "on" for name, value in form.initial.items() if value is True})
    for name in [n for n, v in form.initial.items() if v is False]:
        data.pop(name, None)
    data["agents"] = [agent.pk for agent in schedule.agents.all()]
    prefix = "hours"
    data.update(
        {f"{prefix}-TOTAL_FORMS": len(existing) + 1, f"{prefix}-INITIAL_FORMS": len(existing)}
    )
    for index, row in enumerate(existing):
        data.update({
            f"{prefix}-{index}-id": row.pk, f"{prefix}-{index}-schedule": schedule.pk,
            f"{prefix}-{index}-weekday": row.weekday,
            f"{prefix}-{index}-opens": row.opens.strftime("%H:%M"),
            f"{prefix}-{index}-closes": row.closes.strftime("%H:%M"),
        })  # fmt: skip
    new = len(existing)
    data.update({f"{prefix}-{new}-schedule": schedule.pk, f"{prefix}-{new}-weekday": 1,
                 f"{prefix}-{new}-opens": "11:00", f"{prefix}-{new}-closes": "13:00"})  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 200, response.get("Location")
    assert message in response.content.decode()
    assert AppointmentHours.objects.filter(schedule=schedule).count() == len(existing)


def test_second_line_agent_sees_the_appointment_they_offered(
    agent_first_line, agent_second_line, student, category
):
    """Regression: the list was scoped by desk, the offer page by request."""
    ticket = file_ticket(student, category=category)
    group = ResolverGroupFactory(desk=ticket.desk)
    group.members.add(agent_second_line)
    ticket_escalate(
        ticket=ticket, group=group, note="Needs a specialist", acting_user=agent_first_line
    )
    client = staff_client(agent_second_line, "en")
    response = client.post(offer_url(ticket), {"mode": "invite", "channel": "remote"})
    assert response.status_code == 302
    appointment = Appointment.objects.get(ticket=ticket)
    listing = client.get("/admin/appointments/appointment/").content.decode()
    assert f"/admin/appointments/appointment/{appointment.pk}/change/" in listing
    detail = client.get(f"/admin/appointments/appointment/{appointment.pk}/change/")
    assert detail.status_code == 200


def test_agent_of_another_desk_does_not_see_the_appointment(agent_first_line, student, category):
    ticket = file_ticket(student, category=category)
    staff_client(agent_first_line, "en").post(
        offer_url(ticket), {"mode": "invite", "channel": "remote"}
    )
    appointment = Appointment.objects.get(ticket=ticket)
    outsider = StaffFactory(username="outsider", roles=[roles.SECOND_LINE_AGENT])
    outsider.resolver_groups.add(ResolverGroupFactory())
    client = staff_client(outsider, "en")
    listing = client.get("/admin/appointments/appointment/").content.decode()
    assert f"/admin/appointments/appointment/{appointment.pk}/change/" not in listing
    change = client.get(f"/admin/appointments/appointment/{appointment.pk}/change/")
    assert change.status_code == 302  # the admin's "does not exist" redirect
