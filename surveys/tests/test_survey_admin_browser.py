"""In Chromium, by keyboard: the lead filters the survey invitations by score and opens the
request behind one; the list is axe-clean in Dutch and English."""

import pytest
from playwright.sync_api import expect

from core.testing.browser import assert_accessible
from tickets import services
from tickets.tests.e2e.helpers import sign_in, use_language

from .helpers import resolved_ticket, send_surveys

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _press(page, locator, key: str = "Enter") -> None:
    locator.focus()
    page.keyboard.press(key)


def test_lead_filters_survey_invitations_and_opens_the_request(
    browser, live_server, desk_lead, student, agent_first_line
):
    unhappy = resolved_ticket(student, agent_first_line, subject="Printer still broken")
    resolved_ticket(student, agent_first_line, subject="Wifi fixed")
    assert send_surveys() == 2
    services.ticket_rate(ticket=unhappy, score=2, comment="Took a week", acting_user=None)

    page = browser.new_context(base_url=live_server.url).new_page()
    use_language(page, live_server, "nl")
    sign_in(page, live_server, desk_lead)
    page.goto("/admin/surveys/surveyinvitation/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("enquête-uitnodiging")
    assert_accessible(page)

    # The score filter "2", by keyboard: only the unhappy request is left.
    _press(page, page.locator("#changelist-filter").get_by_role("link", name="2", exact=True))
    page.wait_for_url("**score=2*")
    rows = page.locator("#result_list tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Took a week")

    _press(page, rows.first.get_by_role("link", name=unhappy.reference))
    page.wait_for_url(f"**/admin/tickets/ticket/{unhappy.pk}/change/")
    expect(page.get_by_text("Printer still broken").first).to_be_visible()

    use_language(page, live_server, "en")
    page.goto("/admin/surveys/surveyinvitation/?answered=no")
    expect(page.locator("#result_list tbody tr")).to_have_count(1)
    assert_accessible(page)
    # The read-only page of one invitation (reachable by URL; the admin sweep visits it too).
    page.goto(f"/admin/surveys/surveyinvitation/{unhappy.survey_invitation.pk}/change/")
    expect(page.get_by_role("button", name="Save")).to_have_count(0)
    assert_accessible(page)
    page.context.close()
