"""The held list and the original message in Chromium, in Dutch and English, with axe."""

import pytest
from playwright.sync_api import expect

from core.testing.browser import assert_accessible
from mailin.services import mail_receive
from mailin.tests.mails import new_mail
from tickets.tests.e2e.helpers import sign_in, use_language

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_held_list_and_the_original_are_accessible(
    page, live_server, agent_first_line, mail_category, language
):
    raw = b"Authentication-Results: mx.example.org; dmarc=fail header.from=example.net\r\n"
    mail_receive(raw + new_mail(sender="Tom <tom@example.net>", subject="Wachtwoord kwijt"))
    use_language(page, live_server, language)
    sign_in(page, live_server, agent_first_line)
    page.goto("/admin/mailin/inboundmessage/?status__exact=held")
    assert_accessible(page)
    page.get_by_role("link", name="tom@example.net").click()  # the first column links the row
    expect(page.locator("pre.mailin-original")).to_contain_text("dmarc=fail")
    assert_accessible(page)
