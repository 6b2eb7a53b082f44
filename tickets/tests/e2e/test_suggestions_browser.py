"""In Chromium: a student typing a subject on /requests/new/ gets an FAQ answer.

The knowledgebase's suggestion script and endpoint meet the request form
here; following the suggestion and saying it answered the question ends the
journey without a request and counts a request avoided.
"""

import pytest
from django.db import connection
from playwright.sync_api import expect

from core.testing.browser import assert_accessible
from knowledgebase.demo import seed_demo_knowledgebase
from knowledgebase.models import Article
from knowledgebase.selectors import aup_current_version
from knowledgebase.services import aup_accept
from tickets.models import Ticket

from .helpers import sign_in, use_language

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("language", ["nl", "en"])
def test_student_typing_a_subject_sees_a_suggestion_and_follows_it(
    page, live_server, student, language
):
    seed_demo_knowledgebase()
    aup_accept(user=student, version=aup_current_version())
    sign_in(page, live_server, student)
    use_language(page, live_server, language)
    before = Article.objects.get(slug="forgot-password").requests_avoided

    page.goto("/requests/new/")
    subject = page.locator("#id_subject")
    expect(subject).to_have_attribute("data-kb-suggest", "kb-suggestions")
    # "paswoord" (a Flemish variant) needs PostgreSQL's trigrams; the SQLite
    # fallback matches substrings only.
    typed = {"nl": "paswoord" if connection.vendor == "postgresql" else "wachtwoord",
             "en": "forgot password"}[language]  # fmt: skip
    subject.focus()
    subject.press_sequentially(typed, delay=30)
    title = {"nl": "Ik ben mijn wachtwoord vergeten", "en": "I forgot my password"}[language]
    suggestion = page.locator("#kb-suggestions").get_by_role("link", name=title)
    expect(suggestion).to_be_visible()
    assert_accessible(page)

    suggestion.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    answered = {"nl": "Dit beantwoordt mijn vraag", "en": "This answered my question"}[language]
    page.get_by_role("button", name=answered).focus()
    page.keyboard.press("Enter")
    done = {
        "nl": "Je hoeft geen aanvraag in te dienen.",
        "en": "You do not need to file a request.",
    }
    expect(page.get_by_text(done[language]).first).to_be_visible()
    assert_accessible(page)

    assert Article.objects.get(slug="forgot-password").requests_avoided == before + 1
    assert not Ticket.objects.filter(requester=student).exists()
