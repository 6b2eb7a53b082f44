"""In Chromium: a guest asks for a claim link, the student claims the request logged in."""

import re

import pytest
from playwright.sync_api import expect

from core.testing.browser import assert_accessible
from notifications.models import OutboxMail
from tickets.models import Ticket
from tickets.tests.factories import CategoryFactory, file_ticket
from tickets.tests.mail import outbox_for

from .helpers import sign_in, use_language

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

TEXT = {
    "nl": {
        "ask": "Stuur de link naar het bekende adres",
        "claim": "Toevoegen aan mijn account",
        "used": "niet (meer) geldig",
    },
    "en": {
        "ask": "Send the link to the address on file",
        "claim": "Add to my account",
        "used": "not valid (any more)",
    },
}


@pytest.mark.parametrize("language", ["nl", "en"])
def test_guest_asks_for_a_claim_link_and_the_student_claims_it(
    page, live_server, student, language
):
    text = TEXT[language]
    ticket = file_ticket(
        None,
        category=CategoryFactory(),
        requester_email="sam.private@example.net",
        requester_number=student.student_number,
    )
    (filed,) = outbox_for(ticket.reference)
    private_link = re.search(r"(/requests/link/\S+/)", filed.body_text).group(1)

    use_language(page, live_server, language)
    page.goto(private_link)
    page.get_by_role("button", name=text["ask"]).click()
    expect(page.locator(".messages")).to_be_visible()
    assert_accessible(page)

    mail = OutboxMail.objects.get(event="ticket_claim_link")
    assert mail.recipient_email == student.email
    claim_link = re.search(r"(/requests/claim/\S+/)", mail.body_text).group(1)

    # The student, in their own browser, logged in.
    page.context.clear_cookies()
    use_language(page, live_server, language)
    sign_in(page, live_server, student)
    page.goto(claim_link)
    assert page.url.removeprefix(live_server.url) == "/requests/claim/"  # token left the URL
    expect(page.locator("main")).to_contain_text(ticket.reference)
    assert_accessible(page)
    page.get_by_role("button", name=text["claim"]).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(ticket.reference)
    ticket.refresh_from_db()
    assert ticket.requester == student

    # A used link is refused, with a message read out to screen readers.
    page.goto(claim_link)
    expect(page.get_by_role("alert")).to_contain_text(text["used"])
    assert_accessible(page)
    assert Ticket.objects.filter(requester=student).count() == 1
