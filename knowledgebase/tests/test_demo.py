"""The demo knowledgebase loads, can load again, and answers the domain's questions."""

import pytest
from django.core.management import call_command

from knowledgebase.demo import FAQ, MANUALS, seed_demo_knowledgebase
from knowledgebase.models import Article, AupVersion
from knowledgebase.search import search_articles


@pytest.mark.django_db
def test_demo_content_is_idempotent_and_complete():
    seed_demo_knowledgebase()
    seed_demo_knowledgebase()
    assert Article.objects.filter(status="published").count() == len(FAQ) + len(MANUALS)
    assert not Article.objects.filter(title_en="").exists()
    assert not Article.objects.filter(body_nl="").exists()
    current = AupVersion.objects.get(is_current=True)
    assert AupVersion.objects.count() == 2
    for rule in ("peer-to-peer", "commerci", "auteursrecht", "valse identiteit"):
        assert rule in current.text_nl.lower()


@pytest.mark.django_db
def test_demo_accounts_have_accepted_the_current_aup(client):
    call_command("seed_demo", stdout=None)
    client.post(
        "/accounts/login/", {"login": "student@example.org", "password": "Servicedesk-Demo-2026"}
    )
    assert client.get("/requests/").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["wachtwoorden vergeten", "paswoord vergeten", "wachtwrd"])
def test_demo_password_recovery_faq_is_found(query):
    """On both databases: stemming, the Flemish synonym and a typo."""
    seed_demo_knowledgebase()
    hits = search_articles(query=query, language="nl")
    assert hits[0].article.slug == "forgot-password"


@pytest.mark.django_db
def test_demo_covers_the_everyday_it_topics_in_both_languages_and_privacy_for_everyone():
    from knowledgebase.models import Audience

    seed_demo_knowledgebase()
    seed_demo_knowledgebase()
    for slug in (
        "eduroam-connect", "printing", "university-mail", "learning-environment", "vpn",
        "mfa-setup", "file-and-follow-request", "manual-eduroam", "manual-printing",
        "manual-university-mail", "manual-learning-environment", "manual-vpn",
        "manual-mfa-app", "manual-file-and-follow-request",
    ):  # fmt: skip
        article = Article.objects.get(slug=slug, status="published")
        assert article.title_nl and article.title_en and article.body_nl and article.body_en
        if article.kind == "manual":
            assert article.steps.count() >= 3
            assert all(step.text_nl and step.text_en for step in article.steps.all())
    privacy = Article.objects.get(title_en="Who can see my data?")
    assert privacy.category.audience == Audience.EVERYONE
