"""In Chromium: a student files with an attachment; a guest answers through the private link."""

import re

import pytest
from playwright.sync_api import expect

from core.testing.browser import assert_accessible
from tickets.models import DeskSettings, Ticket
from tickets.tests.factories import CategoryFactory, file_ticket
from tickets.tests.mail import outbox_for
from tickets.tests.storage import use_private_storage

from .helpers import sign_in, use_language

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    use_private_storage(settings, tmp_path)


@pytest.fixture
def category(db):
    return CategoryFactory(name_nl="Wifi en netwerk", name_en="Wi-Fi and network")


def test_student_files_a_request_with_an_attachment_by_keyboard(
    page, live_server, student, category, tmp_path
):
    DeskSettings.objects.update_or_create(id=1, defaults={"emergency_phone": "+32 9 264 00 00"})
    use_language(page, live_server, "en")
    sign_in(page, live_server, student)
    page.goto("/requests/new/")
    expect(page.get_by_role("heading", level=1)).to_have_text("File a request")
    expect(page.locator("#emergency-notice")).to_be_hidden()
    assert_accessible(page)

    shot = tmp_path / "screenshot.png"
    shot.write_bytes(b"\x89PNG\r\n\x1a\n fake")
    page.get_by_label("What is it about?").focus()
    page.keyboard.press("ArrowDown")  # the first category
    page.keyboard.press("Tab")
    page.keyboard.type("Eduroam drops every minute")
    page.keyboard.press("Tab")
    page.keyboard.type("Since Monday, in the library.")
    page.get_by_label("Many people", exact=True).check()
    page.get_by_label("It blocks many people now").check()
    # Both at their highest: the emergency number appears before submitting.
    expect(page.locator("#emergency-notice")).to_be_visible()
    expect(page.locator("#emergency-notice")).to_contain_text("+32 9 264 00 00")
    page.get_by_label("It blocks my work").check()
    expect(page.locator("#emergency-notice")).to_be_hidden()
    page.get_by_label("Attachments").set_input_files(str(shot))
    page.get_by_role("button", name="Submit request").focus()
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_contain_text("SD-")
    ticket = Ticket.objects.get()
    expect(page.get_by_role("heading", level=1)).to_contain_text(ticket.reference)
    expect(page.get_by_role("link", name="screenshot.png")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="My requests").first.click()
    row = page.get_by_role("row", name=re.compile(ticket.reference))
    expect(row).to_contain_text("Eduroam drops every minute")
    expect(row).to_contain_text("New")
    assert_accessible(page)


def test_validation_errors_are_announced_and_linked(page, live_server, student, category):
    use_language(page, live_server, "nl")
    sign_in(page, live_server, student)
    page.goto("/requests/new/")
    page.get_by_role("button", name="Aanvraag indienen").click()
    expect(page.locator("#id_subject_error")).to_be_visible()
    expect(page.get_by_label("Onderwerp")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)


def test_guest_files_and_answers_through_the_private_link(page, live_server, category):
    use_language(page, live_server, "nl")
    page.goto("/requests/new/")
    assert_accessible(page)
    page.get_by_label("Je naam").fill("Pat Visitor")
    page.get_by_label("Je e-mailadres").fill("pat@example.net")
    page.get_by_label("Waarover gaat het?").select_option(label="Wifi en netwerk")
    page.get_by_label("Onderwerp").fill("Ik kan niet inloggen")
    page.get_by_label("Beschrijving").fill("Mijn wachtwoord werkt niet meer.")
    page.get_by_label("Alleen mij").check()
    page.get_by_label("Het kan wachten").check()
    page.get_by_role("button", name="Aanvraag indienen").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Je aanvraag is ingediend")
    ticket = Ticket.objects.get()
    expect(page.locator("main")).to_contain_text(ticket.reference)
    assert_accessible(page)

    # A fresh browser (say, the phone) opens the link from the mail.
    (message,) = outbox_for(ticket.reference)
    assert message.recipient_email == "pat@example.net"
    link = re.search(r"https?://\S+(/requests/link/\S+/)", message.body_text).group(1)
    page.context.clear_cookies()
    use_language(page, live_server, "en")
    page.goto(link)
    assert "/requests/link/" not in page.url  # the token left the address bar
    expect(page.get_by_role("heading", level=1)).to_contain_text(ticket.reference)
    assert_accessible(page)
    page.get_by_label("Your reply").fill("I also tried another browser.")
    page.get_by_role("button", name="Send reply").click()
    expect(page.locator(".conversation")).to_contain_text("I also tried another browser.")
    assert ticket.messages.get().author is None


@pytest.mark.parametrize("language", ["nl", "en"])
def test_requester_pages_have_no_accessibility_violations(page, live_server, student, language):
    ticket = file_ticket(student)
    use_language(page, live_server, language)
    sign_in(page, live_server, student)
    for path in (
        "/requests/",
        "/requests/?state=closed",
        "/requests/new/",
        f"/requests/{ticket.reference}/",
    ):
        page.goto(path)
        expect(page.locator("html")).to_have_attribute("lang", language)
        assert_accessible(page)
