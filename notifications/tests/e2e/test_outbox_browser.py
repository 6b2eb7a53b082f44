"""A first-line agent in the outbox, in a real browser: their desk's mails only."""

import pytest
from playwright.sync_api import expect

from accounts import notifications as account_mails
from core.testing.browser import assert_accessible
from notifications.models import OutboxMail
from tickets import links
from tickets.tests.e2e.helpers import sign_in, use_language
from tickets.tests.factories import CategoryFactory, DeskFactory, file_ticket

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HIDDEN = {"nl": "[link verborgen]", "en": "[link hidden]"}


@pytest.mark.parametrize("language", ["nl", "en"])
def test_agent_sees_own_desks_mails_with_private_links_hidden(
    page, live_server, agent_first_line, student, language
):
    desk = DeskFactory(slug="own-desk")
    desk.agents.add(agent_first_line)
    guest_ticket = file_ticket(None, category=CategoryFactory(default_desk=desk))
    other = file_ticket(student, category=CategoryFactory(default_desk=DeskFactory()))
    account_mails.activation_code(email="new@example.org", code="135790", language="en")
    guest_mail = OutboxMail.objects.get(thread_key=guest_ticket.reference)

    use_language(page, live_server, language)
    sign_in(page, live_server, agent_first_line)
    page.goto(f"{live_server.url}/admin/notifications/outboxmail/")
    rows = page.locator("#result_list tbody tr")
    expect(rows).to_have_count(1)
    expect(rows).to_contain_text("ticket_filed_guest")
    content = page.content()
    assert other.reference not in content and "accounts_activation_code" not in content
    assert_accessible(page)

    rows.first.get_by_role("link").first.click()
    expect(page).to_have_url(
        f"{live_server.url}/admin/notifications/outboxmail/{guest_mail.pk}/change/"
    )
    expect(page.locator("pre").first).to_contain_text(HIDDEN[language])
    assert links.private_link_token(guest_ticket) not in page.content()
    assert_accessible(page)
