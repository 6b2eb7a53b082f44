"""In Chromium: a KB editor adds search synonyms in the admin by keyboard; axe in nl and en."""

import pytest
from playwright.sync_api import expect

from accounts import roles
from accounts.tests.factories import StaffFactory
from core.testing.browser import assert_accessible
from knowledgebase.models import SearchSynonym
from tickets.tests.e2e.helpers import sign_in, use_language

from ..factories import ArticleFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_kb_editor_adds_a_synonym_group_and_search_uses_it(page, live_server):
    ArticleFactory(slug="printing", title_nl="Printen op de campus", title_en="Printing on campus")
    editor = StaffFactory(username="kb-editor", roles=[roles.KB_EDITOR])
    sign_in(page, live_server, editor)
    for language, field_label, save in (
        ("en", "Words that mean the same", "Save"),
        ("nl", "Woorden met dezelfde betekenis", "Opslaan"),
    ):
        use_language(page, live_server, language)
        page.goto("/admin/knowledgebase/searchsynonym/")
        expect(page.get_by_text("paswoord, wachtwoord, password")).to_be_visible()
        assert_accessible(page)
        page.goto("/admin/knowledgebase/searchsynonym/add/")
        field = page.get_by_label(field_label)
        field.focus()
        page.keyboard.type("kopieerapparaat")
        page.get_by_role("button", name=save, exact=True).focus()
        page.keyboard.press("Enter")
        expect(page.locator(".errorlist")).to_be_visible()
        expect(page.get_by_label(field_label)).to_have_value("kopieerapparaat")
        assert_accessible(page)

    page.get_by_label("Woorden met dezelfde betekenis").fill("Kopieerapparaat, printen")
    page.get_by_role("button", name="Opslaan", exact=True).focus()
    page.keyboard.press("Enter")
    expect(page.locator("#result_list").get_by_text("kopieerapparaat, printen")).to_be_visible()
    assert SearchSynonym.objects.filter(terms="kopieerapparaat, printen").exists()

    page.goto("/kb/search/?q=kopieerapparaat")
    expect(page.locator(".kb-results").get_by_role("link")).to_have_text("Printen op de campus")
