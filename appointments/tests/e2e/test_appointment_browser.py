"""In Chromium: an agent invites, the student picks by keyboard, gets the .ics, moves, cancels."""

from datetime import datetime

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from icalendar import Calendar
from playwright.sync_api import expect

from core.testing.browser import assert_accessible
from notifications.models import OutboxMail
from notifications.services import outbox_mail_deliver
from tickets.tests.factories import file_ticket

from ...models import Appointment, AppointmentStatus
from ..factories import category_for, open_schedule

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def sign_in(page, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    page.context.clear_cookies()
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


def use_language(page, live_server, language: str) -> None:
    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
    )


def check_both_languages(page, live_server) -> None:
    for language in ("nl", "en"):
        use_language(page, live_server, language)
        page.reload()
        expect(page.locator("html")).to_have_attribute("lang", language)
        assert_accessible(page)


def deliver_and_parse(event: str):
    """Send the newest mail of ``event`` through the real delivery path; parse its .ics."""
    row = OutboxMail.objects.filter(event=event).order_by("-id").first()
    assert row is not None, event
    mail.outbox.clear()
    assert outbox_mail_deliver(mail_id=row.pk)
    (message,) = mail.outbox
    (attachment,) = [a for a in message.attachments if a[0] == "appointment.ics"]
    calendar = Calendar.from_ical(attachment[1])
    return message, calendar, calendar.walk("VEVENT")[0]


@pytest.fixture
def desk(agent_first_line):
    schedule = open_schedule(
        agents=[agent_first_line],
        weekdays=range(7),
        change_cutoff_hours=0,
        min_notice_minutes=60,
    )
    schedule.desk.agents.add(agent_first_line)
    return schedule


def test_agent_invites_student_picks_by_keyboard_moves_and_cancels(
    page, live_server, desk, agent_first_line, student
):
    ticket = file_ticket(student, category=category_for(desk))

    # The agent offers from the request in the admin.
    sign_in(page, live_server, agent_first_line)
    use_language(page, live_server, "en")
    page.goto(f"/admin/tickets/ticket/{ticket.pk}/change/")
    page.get_by_role("link", name="Appointment", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(ticket.reference)
    check_both_languages(page, live_server)
    use_language(page, live_server, "en")
    page.reload()
    page.get_by_label("Invite the requester to choose a time").check()
    page.get_by_label("Channel").select_option("remote")
    page.get_by_role("button", name="Save").click()
    expect(page).to_have_url(f"{live_server.url}/admin/tickets/ticket/{ticket.pk}/change/")
    assert Appointment.objects.get(ticket=ticket).status == AppointmentStatus.INVITED

    # The calendar page exists for the agent too.
    page.goto(f"/admin/appointments/appointment/calendar/?desk={desk.desk_id}")
    check_both_languages(page, live_server)

    # The student follows the link on the request and picks by keyboard.
    sign_in(page, live_server, student)
    use_language(page, live_server, "en")
    page.goto(f"/requests/{ticket.reference}/")
    page.get_by_role("link", name="Choose a time").click()
    expect(page).to_have_url(f"{live_server.url}/requests/{ticket.reference}/appointment/")
    check_both_languages(page, live_server)
    use_language(page, live_server, "en")
    page.reload()
    # The last day of the strip is a whole day (the first may be today's rest).
    page.locator(".day-strip a").last.click()
    radios = page.locator("input[name=slot]")
    radios.first.focus()
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")
    chosen = radios.nth(1).get_attribute("value")
    expect(radios.nth(1)).to_be_checked()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Book this time")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator(".messages")).to_contain_text("booked")
    check_both_languages(page, live_server)

    appointment = Appointment.objects.get(ticket=ticket)
    assert appointment.status == AppointmentStatus.BOOKED
    assert appointment.starts_at == datetime.fromisoformat(chosen)
    message, calendar, vevent = deliver_and_parse("appointment_confirmed")
    assert message.to == [student.email] or student.email in message.to[0]
    assert str(calendar["METHOD"]) == "REQUEST"
    assert str(vevent["UID"]) == appointment.uid
    assert vevent.decoded("DTSTART") == appointment.starts_at
    assert str(vevent["DTSTART"].params["TZID"]) == "Europe/Brussels"

    # Reschedule to another free time.
    use_language(page, live_server, "en")
    page.reload()
    page.locator(".day-strip a").last.click()
    other = page.locator("input[name=slot]").nth(3)
    other_value = other.get_attribute("value")
    other.check()
    page.get_by_role("button", name="Move my appointment").click()
    expect(page.locator(".messages")).to_contain_text("moved")
    appointment.refresh_from_db()
    assert appointment.starts_at == datetime.fromisoformat(other_value)
    _message, _calendar, vevent = deliver_and_parse("appointment_rescheduled")
    assert (str(vevent["UID"]), vevent["SEQUENCE"]) == (appointment.uid, 1)

    # Cancel.
    page.get_by_role("link", name="Cancel my appointment").click()
    page.get_by_label("Reason").fill("Solved it myself")
    page.get_by_role("button", name="Yes, cancel my appointment").click()
    expect(page.locator(".messages")).to_contain_text("cancelled")
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.CANCELLED
    _message, calendar, vevent = deliver_and_parse("appointment_cancelled")
    assert str(calendar["METHOD"]) == "CANCEL"
    assert (str(vevent["UID"]), vevent["SEQUENCE"]) == (appointment.uid, 2)
    check_both_languages(page, live_server)
