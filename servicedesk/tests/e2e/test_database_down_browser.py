"""In Chromium: the page shown while the database is down, in Dutch and English."""

import pytest
from playwright.sync_api import expect

from core.testing.browser import assert_accessible
from core.testing.processes import web_process
from servicedesk.tests.test_database_down import unreachable_database_url

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(
    ("language", "heading"),
    [("nl", "Tijdelijk niet beschikbaar"), ("en", "Temporarily unavailable")],
)
def test_the_unavailable_page_is_translated_and_accessible(page, language, heading):
    with web_process(
        extra_env={"DATABASE_URL": unreachable_database_url()}, needs_database=False
    ) as site:
        page.context.add_cookies([{"name": "django_language", "value": language, "url": site}])
        response = page.goto(f"{site}/requests/new/")
        assert response.status == 503
        expect(page.locator("html")).to_have_attribute("lang", language)
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        assert_accessible(page)
