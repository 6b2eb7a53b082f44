"""The unsubscribe link in a real browser (by keyboard, axe in nl and en) and over real HTTP."""

from urllib.parse import urlsplit

import httpx
import pytest
from playwright.sync_api import expect

from core.testing.browser import assert_accessible
from notifications.preferences import mail_kinds_enabled
from notifications.unsubscribe import unsubscribe_url
from tickets.tests.e2e.helpers import use_language

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_student_unsubscribes_by_keyboard_and_a_provider_posts_one_click(
    page, live_server, student, alumnus
):
    path = urlsplit(unsubscribe_url(user_id=student.pk, kind="reminder")).path
    for language in ("nl", "en"):
        use_language(page, live_server, language)
        page.goto(f"{live_server.url}{path}")
        expect(page.locator("html")).to_have_attribute("lang", language)
        assert_accessible(page)
    assert mail_kinds_enabled(user=student)["reminder"] is True  # opening the link did nothing

    # Keyboard only: Tab reaches the button, Enter presses it.
    button = page.get_by_role("button", name="Stop these mails")
    for _ in range(40):
        page.keyboard.press("Tab")
        if button.evaluate("element => element === document.activeElement"):
            break
    expect(button).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("you no longer receive these mails")
    assert_accessible(page)
    assert mail_kinds_enabled(user=student)["reminder"] is False

    # A mail provider's one-click POST over HTTP: form-encoded body, no cookies, no CSRF token.
    provider_path = urlsplit(unsubscribe_url(user_id=alumnus.pk, kind="survey")).path
    response = httpx.post(
        f"{live_server.url}{provider_path}",
        content=b"List-Unsubscribe=One-Click",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        timeout=10,
    )
    assert response.status_code == 200
    assert mail_kinds_enabled(user=alumnus) == {
        "survey": False,
        "digest": True,
        "reminder": True,
        "incident": True,
    }

    # A tampered link: a translated page, never a 500.
    page.goto(f"{live_server.url}{path[:-3]}xx/")
    expect(page.get_by_role("alert")).to_contain_text("not valid")
    assert_accessible(page)
