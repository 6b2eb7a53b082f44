"""In Chromium: the home page, its accessibility, and the language switch by keyboard."""

import re

import pytest
from playwright.sync_api import expect

from core.testing.browser import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.embedded, pytest.mark.django_db(transaction=True)]


def test_visitor_switches_language_by_keyboard_and_back(page):
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hoe kunnen we helpen?")
    assert_accessible(page)

    # The skip link is the first stop for a keyboard user.
    page.keyboard.press("Tab")
    expect(page.locator(".skip-link")).to_be_focused()

    english = page.get_by_role("button", name="English")
    english.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("How can we help?")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("button", name="English")).to_have_attribute("aria-pressed", "true")
    assert_accessible(page)

    dutch = page.get_by_role("button", name="Nederlands")
    dutch.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hoe kunnen we helpen?")


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("path", ["/", "/kb/", "/aup/", "/accounts/login/", "/no-such-page/"])
def test_public_pages_have_no_accessibility_violations(page, live_server, language, path):
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )
    page.goto(path)
    expect(page.locator("html")).to_have_attribute("lang", language)
    assert_accessible(page)


def test_skip_link_moves_focus_to_main_content(page):
    page.goto("/")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    # Waits for the jump: on a loaded machine the URL changed after a bare read.
    expect(page).to_have_url(re.compile(r"#main$"))
    expect(page.locator("main")).to_be_focused()
