"""The lead reads who subscribed to which service, in Chromium: filters, search, axe nl and en."""

import pytest
from playwright.sync_api import expect

from core import clock
from core.testing.browser import assert_accessible
from servicestatus.models import Service, Subscription
from tickets.tests.e2e.helpers import sign_in, use_language
from tickets.tests.factories import DeskFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADINGS = {"nl": "statusabonnement", "en": "status subscription"}


@pytest.fixture
def subscriptions(db):
    desk = DeskFactory(slug="helpdesk")
    eduroam = Service.objects.create(
        slug="eduroam", name_nl="Eduroam", name_en="Eduroam", desk=desk
    )
    printing = Service.objects.create(
        slug="printing", name_nl="Printen", name_en="Printing", desk=desk
    )
    now = clock.now()
    for email, service, confirmed in [
        ("ann@example.net", eduroam, now),
        ("bob@example.net", eduroam, None),
        ("cem@example.net", printing, now),
    ]:
        Subscription.objects.create(
            service=service, email=email, language="nl", created_at=now, confirmed_at=confirmed
        )


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_lead_filters_and_searches_subscriptions_by_keyboard(
    page, live_server, desk_lead, subscriptions, language
):
    use_language(page, live_server, language)
    sign_in(page, live_server, desk_lead)
    page.goto("/admin/servicestatus/subscription/")
    expect(page.locator("html")).to_have_attribute("lang", language)
    rows = page.locator("#result_list tbody tr")
    expect(rows).to_have_count(3)
    assert_accessible(page)

    # The "confirmed" filter's "no" (Nee / No), followed by keyboard.
    filter_links = page.locator("#changelist-filter a[href*='confirmed=no']")
    filter_links.focus()
    page.keyboard.press("Enter")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("bob@example.net")
    assert_accessible(page)

    page.goto("/admin/servicestatus/subscription/")
    page.locator("#searchbar").focus()
    page.keyboard.type("CEM@")
    page.keyboard.press("Enter")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("cem@example.net")
    assert_accessible(page)

    page.locator("#result_list tbody tr a").first.focus()
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_contain_text(HEADINGS[language], ignore_case=True)
    expect(page.locator("input[name=_save]")).to_have_count(0)  # nothing to change here
    assert_accessible(page)
