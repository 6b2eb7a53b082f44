"""In Chromium: the lead publishes a new AUP version while an agent is replying.

Publishing used to be one click, and the gate then redirected the agent's
POST to the acceptance page, throwing the reply away. Now publishing asks
for confirmation, and only the agent's next page asks for the acceptance.
"""

import re

import pytest
from playwright.sync_api import expect

from accounts import roles
from accounts.tests.factories import StaffFactory
from core.testing.browser import assert_accessible
from knowledgebase import services
from tickets.tests.e2e.helpers import sign_in, use_language
from tickets.tests.factories import CategoryFactory, DeskFactory, file_ticket

from ..factories import AupVersionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_lead_publishes_while_an_agent_replies_and_the_reply_is_kept(
    browser, page, live_server, student, agent_first_line
):
    desk = DeskFactory(slug="helpdesk")
    desk.agents.add(agent_first_line)
    ticket = file_ticket(student, category=CategoryFactory(default_desk=desk))
    lead = StaffFactory(username="kb-lead", roles=[roles.SERVICEDESK_LEAD, roles.KB_EDITOR])
    current = services.aup_version_publish(
        version=AupVersionFactory(label="2026.1"), acting_user=None
    )
    for user in (agent_first_line, lead):
        services.aup_accept(user=user, version=current)
    draft = AupVersionFactory(label="2026.2", changes_nl="Nieuwe regels", changes_en="New rules")

    # The agent (English) starts a reply.
    use_language(page, live_server, "en")
    sign_in(page, live_server, agent_first_line)
    page.goto(f"/admin/tickets/ticket/{ticket.pk}/change/")
    page.locator("#id_reply_body").fill("Please restart your laptop and try again.")

    # Meanwhile the lead (Dutch) publishes: a confirmation page first.
    lead_context = browser.new_context(base_url=live_server.url, locale="nl-BE")
    lead_page = lead_context.new_page()
    try:
        use_language(lead_page, live_server, "nl")
        sign_in(lead_page, live_server, lead)
        lead_page.goto("/admin/knowledgebase/aupversion/")
        lead_page.locator(f'input[name="_selected_action"][value="{draft.pk}"]').check()
        lead_page.locator('select[name="action"]').select_option("publish")
        lead_page.locator('button[name="index"]').click()
        expect(lead_page.get_by_role("heading", level=2)).to_contain_text("2026.2")
        assert_accessible(lead_page)
        draft.refresh_from_db()
        assert not draft.is_current  # nothing happened yet
        lead_page.get_by_role("button", name="Ja, publiceren").focus()
        lead_page.keyboard.press("Enter")
        # The lead too accepts the new version before the next page.
        expect(lead_page).to_have_url(re.compile(r"/aup/accept/\?next="))
    finally:
        lead_context.close()
    draft.refresh_from_db()
    assert draft.is_current

    # The agent sends the reply: it is kept; the next page asks to accept.
    page.locator('input[name="_continue"]').click()
    expect(page).to_have_url(
        f"{live_server.url}/aup/accept/?next=%2Fadmin%2Ftickets%2Fticket%2F{ticket.pk}%2Fchange%2F"
    )
    assert ticket.messages.filter(body="Please restart your laptop and try again.").exists()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page)
