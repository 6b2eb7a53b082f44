"""In Chromium: a student answers the survey from the mail, not logged in, by keyboard."""

import pytest
from playwright.sync_api import expect

from core.testing.browser import assert_accessible
from tickets.tests.e2e.helpers import use_language

from .helpers import answer_link, resolved_ticket, send_surveys, survey_mail

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT = {
    "nl": {
        "question": "Hoe tevreden ben je?",
        "send": "Mijn antwoord versturen",
        "thanks": "Bedankt voor je antwoord",
        "invalid": "Deze enquêtelink is niet geldig",
    },
    "en": {
        "question": "How satisfied are you?",
        "send": "Send my answer",
        "thanks": "Thank you for your answer",
        "invalid": "This survey link is not valid",
    },
}


@pytest.mark.parametrize("language", ["nl", "en"])
def test_student_answers_the_survey_from_the_mail_without_logging_in(
    page, live_server, student, agent_first_line, language
):
    text = TEXT[language]
    ticket = resolved_ticket(student, agent_first_line)
    send_surveys()
    link = answer_link(survey_mail(ticket), 4)  # the link as the outbox row holds it

    use_language(page, live_server, language)
    page.goto(live_server.url + link)
    expect(page.get_by_role("heading", level=1)).to_have_text(text["question"])
    checked = page.locator("input[name=score]:checked")
    expect(checked).to_have_value("4")
    assert_accessible(page)

    # Keyboard only: from the chosen score, Tab to the comment, Tab to the button, Enter.
    checked.focus()
    page.keyboard.press("Tab")
    page.keyboard.type("Helpful, thanks")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name=text["send"])).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(text["thanks"])
    assert_accessible(page)
    ticket.refresh_from_db()
    assert (ticket.rating, ticket.rating_comment) == (4, "Helpful, thanks")

    page.goto(live_server.url + link[:-4] + "xyz/")  # a tampered link
    expect(page.get_by_role("alert")).to_contain_text(text["invalid"])
    assert_accessible(page)
