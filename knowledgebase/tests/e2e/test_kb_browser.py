"""In Chromium: a visitor searches, opens an FAQ and votes; suggestions while typing; axe."""

import pytest
from playwright.sync_api import expect

from core.testing.browser import assert_accessible
from knowledgebase.demo import seed_demo_knowledgebase
from knowledgebase.models import Article, Feedback

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_kb(db):
    seed_demo_knowledgebase()


def set_language(page, live_server, language: str) -> None:
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )


def test_visitor_searches_opens_the_faq_and_votes_by_keyboard(page, demo_kb):
    page.goto("/kb/")
    assert_accessible(page)

    search = page.get_by_label("Zoek in de FAQ en de handleidingen")
    search.focus()
    page.keyboard.type("wachtwoorden vergeten")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Zoek in de FAQ en de handleidingen")
    first = page.locator(".kb-results li").first
    expect(first.get_by_role("link")).to_have_text("Ik ben mijn wachtwoord vergeten")
    expect(first.locator("mark").first).to_be_visible()
    assert_accessible(page)

    first.get_by_role("link").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ik ben mijn wachtwoord vergeten")
    assert_accessible(page)

    page.get_by_label("Ja").focus()
    page.keyboard.press("Space")
    page.get_by_label("Opmerking (niet verplicht)").fill("Duidelijk, bedankt")
    page.get_by_role("button", name="Feedback versturen").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Bedankt voor je feedback.")).to_be_visible()
    assert_accessible(page)

    article = Article.objects.get(slug="forgot-password")
    assert (article.helpful_yes, article.helpful_no) == (1, 0)
    assert Feedback.objects.get(article=article).comment == "Duidelijk, bedankt"


def test_typing_shows_suggestions_and_answered_counts_a_request_avoided(page, demo_kb):
    """The KB search box suggests through the same data-kb-suggest as the new-request form."""
    page.goto("/kb/")
    # "paswoord" (the Flemish word) finds "wachtwoord" through the seeded synonyms.
    page.get_by_label("Zoek in de FAQ en de handleidingen").press_sequentially("paswoord", delay=30)
    suggestion = page.locator("#kb-suggestions").get_by_role(
        "link", name="Ik ben mijn wachtwoord vergeten"
    )
    expect(suggestion).to_be_visible()
    assert_accessible(page)

    suggestion.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ik ben mijn wachtwoord vergeten")
    assert_accessible(page)
    page.get_by_role("button", name="Dit beantwoordt mijn vraag").click()
    expect(page.get_by_text("Je hoeft geen aanvraag in te dienen.").first).to_be_visible()
    assert Article.objects.get(slug="forgot-password").requests_avoided == 1


@pytest.mark.embedded
def test_nothing_found_leads_by_keyboard_to_a_prefilled_request_in_both_languages(
    page, live_server, demo_kb
):
    """A visitor's words that no article holds become the subject of a new request."""
    texts = {
        "nl": ("Zoek in de FAQ en de handleidingen", "Dien een aanvraag in over", "Onderwerp"),
        "en": ("Search the FAQ and manuals", "File a request about", "Subject"),
    }
    for language, (search_label, link_text, subject_label) in texts.items():
        set_language(page, live_server, language)
        page.goto("/kb/")
        search = page.get_by_label(search_label)
        search.focus()
        page.keyboard.type("beamer zaal 2.14 & geluid")
        page.keyboard.press("Enter")
        link = page.get_by_role("link", name=link_text)
        expect(link).to_be_visible()
        assert_accessible(page)
        # Keyboard only: Tab from the search box reaches the link.
        page.get_by_label(search_label).focus()
        for _ in range(10):
            page.keyboard.press("Tab")
            if link.evaluate("element => element === document.activeElement"):
                break
        else:
            pytest.fail(f"Tab never reached the link to file a request ({language})")
        page.keyboard.press("Enter")
        expect(page).to_have_url(
            f"{live_server.url}/requests/new/?subject=beamer+zaal+2.14+%26+geluid"
        )
        expect(page.get_by_label(subject_label, exact=True)).to_have_value(
            "beamer zaal 2.14 & geluid"
        )
        expect(page.locator("html")).to_have_attribute("lang", language)
        assert_accessible(page)


def test_search_works_without_javascript(browser, live_server, demo_kb):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto("/kb/search/?q=alumninummer")
        expect(page.locator(".kb-results").get_by_role("link").first).to_have_text(
            "Waar vind ik mijn alumninummer?"
        )
    finally:
        context.close()


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize(
    "path",
    [
        "/kb/",
        "/kb/categories/alumni/",
        "/kb/articles/forgot-password/",
        "/kb/articles/manual-mfa-app/?from=request",
        "/kb/search/?q=password",
        "/kb/search/?q=zzzzqqq",
        "/aup/",
        "/aup/versions/2025.1/",
    ],
)
def test_knowledgebase_pages_are_accessible(page, live_server, demo_kb, language, path):
    set_language(page, live_server, language)
    page.goto(path)
    expect(page.locator("html")).to_have_attribute("lang", language)
    assert_accessible(page)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_english_reader_sees_the_fallback_note_accessibly(page, live_server, demo_kb, language):
    Article.objects.filter(slug="alumni-number").update(
        title_en="", body_en="", title_nl="Alumninummer"
    )
    set_language(page, live_server, language)
    page.goto("/kb/articles/alumni-number/")
    if language == "en":
        expect(page.locator(".fallback-note")).to_contain_text("shown in Dutch")
    assert_accessible(page)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_student_accepts_the_aup_by_keyboard(page, live_server, demo_kb, student, language):
    from accounts.tests.factories import DEFAULT_PASSWORD

    set_language(page, live_server, language)
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill(student.email)
    page.locator("input[name=password]").fill(DEFAULT_PASSWORD)
    page.locator("input[name=password]").press("Enter")
    page.goto("/requests/")
    expect(page).to_have_url(f"{live_server.url}/aup/accept/?next=%2Frequests%2F")
    assert_accessible(page)

    page.locator("input[name=agree]").focus()
    page.keyboard.press("Space")
    page.locator("form.card button[type=submit]").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{live_server.url}/requests/")
