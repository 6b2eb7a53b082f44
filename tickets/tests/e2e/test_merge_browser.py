"""In Chromium, by keyboard only: first line merges two duplicates (axe in nl and en)."""

import pytest
from playwright.sync_api import Page, expect

from core.testing.browser import assert_accessible
from tickets.tests.factories import CategoryFactory, DeskFactory, file_ticket

from .helpers import sign_in, use_language

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT = {
    "nl": {
        "merge": "Samenvoegen",
        "merged": "is samengevoegd met",
        "duplicate": "Dubbel",
        "related": "Verwante aanvragen",
        "reference": "Referentie van de verwante aanvraag",
        "link": "Koppelen",
    },
    "en": {
        "merge": "Merge",
        "merged": "was merged into",
        "duplicate": "Duplicate",
        "related": "Related requests",
        "reference": "Reference of the related request",
        "link": "Link",
    },
}


def tab_to(page: Page, *, text: str = "", selector: str = "", presses: int = 120) -> None:
    """Press Tab until the focused element shows ``text`` (or matches ``selector``)."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        focused = page.evaluate_handle("document.activeElement")
        if selector and focused.evaluate("(el, s) => el.matches(s)", selector):
            return
        label = focused.evaluate("el => (el.textContent || el.value || '').trim()")
        if text and label == text:
            return
    raise AssertionError(f"Tab never reached {text or selector!r}")


@pytest.mark.parametrize("language", ["nl", "en"])
def test_first_line_merges_two_duplicates_by_keyboard(
    page, live_server, student, agent_first_line, language
):
    desk = DeskFactory(slug="helpdesk")
    desk.agents.add(agent_first_line)
    category = CategoryFactory(default_desk=desk)
    kept = file_ticket(student, category=category, subject="Eduroam fails in building B")
    duplicate = file_ticket(
        student,
        category=category,
        subject="Still no wifi",
        description="Eduroam still fails in building B.",
    )
    related = file_ticket(student, category=category, subject="Wifi slow in the library")
    words = TEXT[language]
    use_language(page, live_server, language)
    sign_in(page, live_server, agent_first_line)

    page.goto("/admin/tickets/ticket/")  # the list with the bulk action bar
    assert_accessible(page)
    page.goto(f"/admin/tickets/ticket/{duplicate.pk}/change/")
    tab_to(page, text=words["merge"])
    page.keyboard.press("Enter")

    expect(page).to_have_url(f"{live_server.url}/admin/tickets/ticket/{duplicate.pk}/merge/")
    assert_accessible(page)
    tab_to(page, selector="input[type=radio]")  # the requester's other requests
    for _ in range(3):  # arrows move through a radio group and tick as they go
        if page.evaluate("document.activeElement.value") == kept.reference:
            break
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Space")
    expect(page.locator(f'input[type=radio][value="{kept.reference}"]')).to_be_checked()
    tab_to(page, selector="input[type=submit]")
    page.keyboard.press("Enter")

    expect(page).to_have_url(f"{live_server.url}/admin/tickets/ticket/{kept.pk}/change/")
    expect(page.locator(".messagelist")).to_contain_text(
        f"{duplicate.reference} {words['merged']} {kept.reference}"
    )
    expect(page.locator("body")).to_contain_text("Eduroam still fails in building B.")
    expect(
        page.get_by_role("link", name=f"{words['duplicate']}: {duplicate.reference}")
    ).to_be_visible()
    assert_accessible(page)
    duplicate.refresh_from_db()
    assert duplicate.status == "merged" and duplicate.merged_into_id == kept.pk

    # The kept request is related to another one: link it, still by keyboard.
    tab_to(page, text=words["related"])
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{live_server.url}/admin/tickets/ticket/{kept.pk}/related/")
    assert_accessible(page)
    tab_to(page, selector="input[name=reference]")
    page.keyboard.type(related.reference)
    page.keyboard.press("Enter")
    expect(page.locator(".related-requests")).to_contain_text(related.reference)
    assert_accessible(page)
