"""A staff member sets their alerts in the admin, by keyboard, in Dutch and English."""

import pytest
from playwright.sync_api import expect

from alerts.models import AlertKind, AlertMode
from alerts.selectors import alert_modes_for
from core.testing.browser import assert_accessible
from tickets.tests.e2e.helpers import sign_in, use_language

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT = {
    "nl": {
        "link": "Mijn meldingen",
        "field": "Nieuwe aanvraag bij mijn loket",
        "digest": "Dagelijks overzicht",
        "save": "Mijn meldingen bewaren",
        "saved": "Je meldingen zijn bewaard.",
    },
    "en": {
        "link": "My alerts",
        "field": "New request at my desk",
        "digest": "Daily digest",
        "save": "Save my alerts",
        "saved": "Your alerts are saved.",
    },
}


@pytest.mark.parametrize("language", ["nl", "en"])
def test_agent_switches_new_requests_to_the_daily_digest_by_keyboard(
    page, live_server, agent_first_line, language
):
    text = TEXT[language]
    use_language(page, live_server, language)
    sign_in(page, live_server, agent_first_line)
    page.goto(f"{live_server.url}/admin/")
    page.get_by_role("link", name=text["link"], exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(text["link"])
    assert_accessible(page)

    field = page.get_by_label(f"{text['field']}:", exact=True)
    field.focus()
    field.select_option(label=text["digest"])
    page.get_by_role("button", name=text["save"]).focus()
    page.keyboard.press("Enter")
    expect(page.locator(".messagelist")).to_contain_text(text["saved"])
    assert_accessible(page)
    assert alert_modes_for(agent_first_line)[AlertKind.NEW_REQUEST] == AlertMode.DIGEST
