"""Search: PostgreSQL full text (nl/en stemming, typos, ranking) and the SQLite fallback."""

import pytest
from django.db import connection

from knowledgebase.search import search_articles

from .factories import ArticleFactory

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="full-text search and trigrams need PostgreSQL; SQLite uses the fallback",
)
sqlite_only = pytest.mark.skipif(
    connection.vendor == "postgresql",
    reason="the icontains fallback runs where PostgreSQL does not",
)


@pytest.fixture
def articles(db):
    return {
        "password": ArticleFactory(
            slug="forgot-password",
            title_nl="Ik ben mijn wachtwoord vergeten",
            title_en="I forgot my password",
            body_nl="Stel een nieuw wachtwoord in via je alternatief e-mailadres.",
            body_en="Set a new password through your alternate email address.",
        ),
        "rules": ArticleFactory(
            slug="password-rules",
            title_nl="Regels voor een sterk wachtwoord",
            title_en="Rules for a strong password",
            body_nl="Minstens twaalf tekens met cijfers.",
            body_en="At least twelve characters with digits.",
        ),
        "wifi": ArticleFactory(
            slug="wifi",
            title_nl="Wifi op de campus",
            title_en="Wi-Fi on campus",
            body_nl="Verbind met eduroam. Werkt je wachtwoord niet, wijzig het dan eerst.",
            body_en="Connect to eduroam. If your password fails, change it first.",
        ),
    }


def slugs(query: str, language: str = "nl") -> list[str]:
    return [hit.article.slug for hit in search_articles(query=query, language=language)]


@postgres_only
def test_dutch_plural_and_verb_are_stemmed(articles):
    assert slugs("wachtwoorden vergeten")[0] == "forgot-password"


@postgres_only
def test_english_stemming_finds_the_english_title(articles):
    assert slugs("forgotten passwords", language="en")[0] == "forgot-password"


@postgres_only
def test_flemish_variant_paswoord_finds_the_password_faq(articles):
    assert "forgot-password" in slugs("paswoord")


@postgres_only
@pytest.mark.parametrize(
    ("typo", "expected"), [("wachtwoort", "forgot-password"), ("pasword", "forgot-password")]
)
def test_typo_still_finds_the_article(articles, typo, expected):
    assert expected in slugs(typo)


@postgres_only
def test_title_match_ranks_above_body_match(articles):
    found = slugs("wachtwoord")
    assert found.index("password-rules") < found.index("wifi")
    assert found.index("forgot-password") < found.index("wifi")


@postgres_only
def test_unrelated_word_finds_nothing(articles):
    assert slugs("printerinkt") == []


@postgres_only
def test_snippet_highlights_the_match_and_escapes_the_rest(db):
    ArticleFactory(
        slug="html-body",
        title_nl="Mailbox vol",
        body_nl='Je <b>mailbox</b> is vol: kies "A & B" als 3 < 4 in je mailbox.',
    )
    [hit] = search_articles(query="mailbox", language="nl")
    assert "<mark>mailbox</mark>" in hit.snippet
    assert "&amp; B" in hit.snippet and "&quot;A" in hit.snippet
    assert "<b>" not in hit.snippet


@postgres_only
def test_search_is_bounded(db):
    for index in range(25):
        ArticleFactory(slug=f"eduroam-{index}", title_nl=f"Eduroam {index}")
    assert len(slugs("eduroam")) == 20


@sqlite_only
def test_fallback_finds_every_word_and_prefers_titles(articles):
    found = slugs("wachtwoord")
    assert set(found) == {"forgot-password", "password-rules", "wifi"}
    assert found[-1] == "wifi"
    assert slugs("wachtwoord vergeten") == ["forgot-password"]
    assert slugs("wachtwoorden vergeten") == ["forgot-password"]


@sqlite_only
def test_fallback_snippet_escapes_and_highlights(db):
    ArticleFactory(slug="html", title_nl="Mailbox", body_nl='Kies "A & B" in je <mailbox.')
    [hit] = search_articles(query="mailbox", language="nl")
    assert "&quot;A &amp; B&quot; in je &lt;<mark>mailbox</mark>." in hit.snippet


def test_empty_query_finds_nothing(db):
    assert search_articles(query="   ") == []


def test_words_only_in_a_manual_step_are_found(db):
    from knowledgebase.models import Article, ManualStep
    from knowledgebase.services import article_sync_steps_text

    manual = ArticleFactory(
        slug="mfa-manual", kind=Article.Kind.MANUAL, body_nl="Je hebt een gsm nodig."
    )
    ManualStep.objects.create(article=manual, position=1, text_nl="Bewaar de herstelcodes veilig.")
    assert slugs("herstelcodes") == []
    article_sync_steps_text(article=manual)
    assert slugs("herstelcodes") == ["mfa-manual"]
