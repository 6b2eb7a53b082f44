"""In Chromium: first line escalates, second line replies, the student reads it; wrong desk."""

import pytest
from django.core import mail
from playwright.sync_api import expect

from core.testing.browser import assert_accessible
from notifications.services import outbox_mail_deliver
from tickets.models import StandardAnswer
from tickets.tests.factories import (
    CategoryFactory,
    DeskFactory,
    OfficeFactory,
    ResolverGroupFactory,
    StandardAnswerFactory,
    file_ticket,
)
from tickets.tests.mail import outbox_for

from .helpers import sign_in, use_language

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def desk(db):
    return DeskFactory(slug="helpdesk", name_en="IT help desk", name_nl="ICT-helpdesk")


@pytest.fixture
def group(desk):
    return ResolverGroupFactory(
        desk=desk,
        name_en="Student portal functional management",
        name_nl="Functioneel beheer studentenportaal",
    )


def test_first_line_escalates_second_line_replies_student_reads_it(
    browser, live_server, student, agent_first_line, agent_second_line, desk, group
):
    desk.agents.add(agent_first_line)
    group.members.add(agent_second_line)
    ticket = file_ticket(
        student, category=CategoryFactory(default_desk=desk), subject="Portal error"
    )

    # First line, in English: open the request and escalate by keyboard.
    first = browser.new_context(base_url=live_server.url)
    page = first.new_page()
    use_language(page, live_server, "en")
    sign_in(page, live_server, agent_first_line)
    page.goto("/admin/tickets/ticket/")
    page.get_by_role("link", name=ticket.reference).click()
    page.get_by_role("link", name="Escalate to second line").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Escalate to second line")
    assert_accessible(page)
    page.get_by_label("Resolver group").select_option(label=group.name_en)
    page.get_by_label("Note for the specialists").focus()
    page.keyboard.type("Error in the results page of the portal itself.")
    page.get_by_role("button", name="Escalate").focus()
    page.keyboard.press("Enter")
    expect(page.locator(".messagelist")).to_contain_text("Escalated to")
    first.close()

    # Second line, in Dutch: the request is in their queue; they answer.
    second = browser.new_context(base_url=live_server.url)
    page = second.new_page()
    use_language(page, live_server, "nl")
    sign_in(page, live_server, agent_second_line)
    page.goto("/admin/tickets/ticket/")
    page.get_by_role("link", name=ticket.reference).click()
    expect(page.locator("body")).to_contain_text("Error in the results page of the portal itself.")
    page.get_by_label("Bericht:", exact=True).fill("We fixed the results page; please try again.")
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist")).to_be_visible()
    second.close()

    # The student sees the reply and that specialists took over.
    student_context = browser.new_context(base_url=live_server.url)
    page = student_context.new_page()
    use_language(page, live_server, "en")
    sign_in(page, live_server, student)
    page.goto(f"/requests/{ticket.reference}/")
    expect(page.locator(".conversation")).to_contain_text("We fixed the results page")
    expect(page.locator("main")).to_contain_text("Specialists have taken over your request")
    expect(page.locator("main")).not_to_contain_text("Error in the results page")
    assert_accessible(page)
    student_context.close()


@pytest.mark.parametrize("language", ["nl", "en"])
def test_wrong_desk_closes_and_the_requester_gets_the_office_details(
    page, live_server, student, agent_first_line, desk, language
):
    desk.agents.add(agent_first_line)
    ticket = file_ticket(student, category=CategoryFactory(default_desk=desk))
    office = OfficeFactory(
        name_nl="Onderwijssecretariaat Rechten",
        name_en="Law education office",
        email="onderwijs.rechten@example.org",
    )
    StandardAnswerFactory(purpose=StandardAnswer.Purpose.WRONG_DESK, title="Education office")
    use_language(page, live_server, language)
    sign_in(page, live_server, agent_first_line)
    page.goto(f"/admin/tickets/ticket/{ticket.pk}/forward/")
    assert_accessible(page)
    page.locator("#id_office").select_option(str(office.pk))
    page.locator("input[type=submit]").click()
    expect(page.locator(".messagelist")).to_be_visible()

    ticket.refresh_from_db()
    assert ticket.status == "forwarded"
    queued = outbox_for(ticket.reference)[-1]
    assert queued.event == "ticket_forwarded"
    # Deliver it the way the worker does, into Django's test mailbox.
    mail.outbox.clear()
    outbox_mail_deliver(mail_id=queued.pk)
    (sent,) = mail.outbox
    assert student.email in sent.to[0]
    assert ticket.reference in sent.subject
    assert "onderwijs.rechten@example.org" in sent.body


MOVE = {
    "en": ("Move to another category", "Why it belongs there", "Moved to Wi-Fi"),
    "nl": ("Naar een andere categorie verplaatsen", "Waarom ze daar hoort", "Verplaatst naar Wifi"),
}


@pytest.mark.parametrize("language", ["nl", "en"])
def test_first_line_moves_a_request_to_another_category_by_keyboard(
    page, live_server, student, agent_first_line, agent_second_line, desk, language
):
    desk.agents.add(agent_first_line)
    network = DeskFactory(slug="network", name_en="Network desk", name_nl="Netwerkloket")
    network.agents.add(agent_second_line)  # someone works there, so the move is allowed
    email = CategoryFactory(slug="email", name_en="E-mail", name_nl="E-mail", default_desk=desk)
    wifi = CategoryFactory(slug="wifi", name_en="Wi-Fi", name_nl="Wifi", default_desk=network)
    ticket = file_ticket(student, category=email, subject="No connection in the library")
    link, note_label, done = MOVE[language]
    use_language(page, live_server, language)
    sign_in(page, live_server, agent_first_line)
    page.goto(f"/admin/tickets/ticket/{ticket.pk}/change/")
    page.get_by_role("link", name=link).focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(link)
    assert_accessible(page)

    # Choose by typing in the focused select, then Tab to the note and the button.
    page.get_by_label(note_label).focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.type("Wi")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # no note yet: the page says what is missing
    expect(page.locator(".errornote")).to_be_visible()
    assert_accessible(page)
    page.get_by_label(note_label).focus()
    page.keyboard.type("About eduroam in the library, not about mail.")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")

    # The request left this agent's desk: back on the queue with the message.
    expect(page.locator(".messagelist")).to_contain_text(done)
    expect(page).to_have_url(f"{live_server.url}/admin/tickets/ticket/")
    ticket.refresh_from_db()
    assert (ticket.category, ticket.desk) == (wifi, network)
    assert ticket.messages.get(kind="internal").body.startswith("About eduroam")


@pytest.mark.parametrize("language", ["nl", "en"])
def test_staff_pages_have_no_accessibility_violations(
    page, live_server, student, agent_first_line, desk, group, language
):
    desk.agents.add(agent_first_line)
    ticket = file_ticket(student, category=CategoryFactory(default_desk=desk))
    use_language(page, live_server, language)
    sign_in(page, live_server, agent_first_line)
    for path in (
        "/admin/tickets/ticket/",
        f"/admin/tickets/ticket/{ticket.pk}/change/",
        f"/admin/tickets/ticket/{ticket.pk}/escalate/",
        f"/admin/tickets/ticket/{ticket.pk}/forward/",
        f"/admin/tickets/ticket/{ticket.pk}/recategorise/",
    ):
        page.goto(path)
        expect(page.locator("html")).to_have_attribute("lang", language)
        assert_accessible(page)
