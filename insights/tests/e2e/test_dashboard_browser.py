"""In Chromium, by keyboard: the lead opens the dashboard, picks the semester, follows a
figure to its requests and downloads a table as CSV; axe-clean in Dutch and English."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from core.testing.browser import assert_accessible
from tickets import services
from tickets.choices import Channel, TicketStatus
from tickets.tests.e2e.helpers import sign_in, use_language
from tickets.tests.factories import CategoryFactory, DeskFactory, file_ticket

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _press(page, locator, key: str = "Enter") -> None:
    locator.focus()
    page.keyboard.press(key)


def test_lead_reads_the_dashboard_follows_a_figure_and_downloads_csv(
    browser, live_server, desk_lead
):
    desk = DeskFactory(name_en="IT help desk", name_nl="ICT-helpdesk")
    category = CategoryFactory(default_desk=desk, name_en="Wi-Fi", name_nl="Wifi")
    mailed = file_ticket(category=category, channel=Channel.MAIL, subject="Eduroam drops")
    file_ticket(category=category, channel=Channel.WEB, subject="Printer")
    services.ticket_reply(ticket=mailed, body="Try again now.", acting_user=desk_lead)
    services.ticket_set_status(ticket=mailed, status=TicketStatus.RESOLVED, acting_user=desk_lead)
    services.ticket_rate(ticket=mailed, score=4, comment="Quick help", acting_user=None)

    context = browser.new_context(base_url=live_server.url, accept_downloads=True)
    page = context.new_page()
    use_language(page, live_server, "nl")
    sign_in(page, live_server, desk_lead)
    page.goto("/admin/")
    _press(page, page.get_by_role("link", name="Dashboard (dagtotalen)").first)
    expect(
        page.get_by_role("heading", level=2, name="Ingediende aanvragen per dag en kanaal")
    ).to_be_visible()
    expect(page.get_by_text("Quick help")).to_be_visible()
    assert_accessible(page)

    # The semester, by keyboard: the period list, one down, then "Toon".
    _press(page, page.get_by_label("Periode", exact=True), "ArrowDown")
    _press(page, page.get_by_role("button", name="Toon"))
    expect(
        page.get_by_role("heading", level=2, name="Ingediende aanvragen per week en kanaal")
    ).to_be_visible()
    assert "period=semester" in page.url

    # The "Mail" figure of the current week leads to the mailed request only.
    table = page.locator("#table-intake")
    mail_column = 1 + [c.label for c in Channel].index("Mail")
    last_row = table.locator("tbody tr").last
    _press(page, last_row.locator("td").nth(mail_column - 1).get_by_role("link"))
    page.wait_for_url("**/admin/tickets/ticket/?*channel__exact=mail*")
    expect(page.get_by_role("link", name=mailed.reference)).to_be_visible()
    expect(page.get_by_text("Printer")).to_have_count(0)

    # Back on the dashboard: the intake table as CSV.
    page.go_back()
    with page.expect_download() as info:
        _press(
            page,
            page.get_by_role(
                "link", name="Download “Ingediende aanvragen per week en kanaal” als CSV"
            ),
        )
    content = Path(info.value.path()).read_text(encoding="utf-8-sig")
    assert content.splitlines()[0].startswith("Week van,Webformulier,App,Mail")

    # The same page in English is as accessible.
    use_language(page, live_server, "en")
    page.reload()
    expect(
        page.get_by_role("heading", level=2, name="Requests filed per week and channel")
    ).to_be_visible()
    assert_accessible(page)

    # On a phone the page itself does not scroll sideways; a wide table scrolls in its
    # own box, and the arrow keys scroll it once it has focus.
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    box = page.locator(".dash-scroll").filter(has=page.locator("#table-intake"))
    assert box.evaluate("e => e.scrollWidth > e.clientWidth")
    _press(page, box, "ArrowRight")
    page.wait_for_function(
        "() => document.querySelector('#table-intake').parentElement.scrollLeft > 0"
    )
    assert_accessible(page)
    context.close()
