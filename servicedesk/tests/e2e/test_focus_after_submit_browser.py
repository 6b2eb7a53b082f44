"""After a form is submitted, keyboard and screen-reader focus lands on the outcome.

Also the file input: its button speaks the page's language and names the
chosen file (static/js/file-input.js), with no axe violation.
"""

import pytest
from playwright.sync_api import Page, expect

from core.testing.browser import assert_accessible
from knowledgebase.demo import seed_demo_knowledgebase

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_focus_moves_to_the_error_then_to_the_success_message(page: Page, live_server, tmp_path):
    seed_demo_knowledgebase()
    page.goto("/kb/articles/forgot-password/?lang=en")
    # Submitted without an answer: the error is announced and focused.
    page.get_by_role("button", name="Send feedback").press("Enter")
    page.wait_for_load_state()
    focused = page.evaluate(
        "document.activeElement.className + ' ' + document.activeElement.textContent"
    )
    assert "errorlist" in focused and "Choose yes or no." in focused
    # Submitted by keyboard with an answer: the thank-you message has the focus.
    page.get_by_label("Yes").check()
    page.get_by_role("button", name="Send feedback").press("Enter")
    page.wait_for_load_state()
    region = page.locator("[data-focus-message]")
    expect(region).to_be_focused()
    assert region.get_attribute("tabindex") == "-1"

    # The file input on the request form, in English, used by keyboard.
    page.goto("/requests/new/?lang=en")
    expect(page.locator("#id_attachments_button")).to_have_text("Choose files")
    expect(page.locator("#id_attachments_status")).to_have_text("No file chosen")
    screenshot = tmp_path / "screen.png"
    screenshot.write_bytes(b"\x89PNG\r\n\x1a\n")
    page.locator("#id_attachments").set_input_files(str(screenshot))
    expect(page.locator("#id_attachments_status")).to_have_text("1 file chosen: screen.png")
    assert_accessible(page)
