"""Staff work on the knowledgebase in the admin: preview, review flag, actions."""

from datetime import timedelta

import pytest
from django.utils import timezone

from knowledgebase.models import Article, AupVersion, KnowledgebaseEvent

from .factories import ArticleFactory, AupVersionFactory


@pytest.fixture
def admin_client(client, desk_lead):
    desk_lead.is_superuser = True
    desk_lead.save(update_fields=["is_superuser"])
    client.force_login(desk_lead)
    return client


@pytest.mark.django_db
def test_change_form_shows_a_sanitised_preview_in_both_languages(admin_client):
    article = ArticleFactory(body_nl="**Vet** <script>alert(1)</script>", body_en="*Italic*")
    html = admin_client.get(f"/admin/knowledgebase/article/{article.pk}/change/").content.decode()
    assert "<strong>Vet</strong>" in html
    assert "<em>Italic</em>" in html
    assert "alert(1)</script>" not in html.split('name="body_nl"')[1].split("kb-preview")[1]


@pytest.mark.django_db
def test_articles_not_reviewed_for_a_year_are_flagged_and_filterable(admin_client):
    ArticleFactory(title_nl="Oud artikel XQ", reviewed_at=timezone.now() - timedelta(days=400))
    ArticleFactory(title_nl="Vers artikel ZQ", reviewed_at=timezone.now() - timedelta(days=10))
    html = admin_client.get("/admin/knowledgebase/article/?review=due").content.decode()
    assert "Oud artikel XQ" in html and "Vers artikel ZQ" not in html


@pytest.mark.django_db
def test_publish_action_publishes_a_draft_and_leaves_an_event(admin_client, desk_lead):
    draft = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    admin_client.post(
        "/admin/knowledgebase/article/", {"action": "publish", "_selected_action": [draft.pk]}
    )
    draft.refresh_from_db()
    assert draft.is_published and draft.published_at is not None
    event = KnowledgebaseEvent.objects.get(type=KnowledgebaseEvent.Type.ARTICLE_PUBLISHED)
    assert event.acting_user == desk_lead


@pytest.mark.django_db
def test_mark_reviewed_action_clears_the_flag(admin_client):
    old = ArticleFactory(reviewed_at=None)
    assert old.needs_review
    admin_client.post(
        "/admin/knowledgebase/article/", {"action": "mark_reviewed", "_selected_action": [old.pk]}
    )
    old.refresh_from_db()
    assert not old.needs_review


@pytest.mark.django_db
def test_aup_publish_action_asks_for_confirmation_before_publishing(admin_client):
    version = AupVersionFactory(label="2026.9")
    data = {"action": "publish", "_selected_action": [version.pk]}
    page = admin_client.post("/admin/knowledgebase/aupversion/", data)
    assert page.status_code == 200
    assert "2026.9" in page.content.decode() and 'name="confirm"' in page.content.decode()
    assert not AupVersion.objects.filter(is_current=True).exists()
    admin_client.post("/admin/knowledgebase/aupversion/", {**data, "confirm": "yes"})
    assert AupVersion.objects.get(is_current=True) == version


@pytest.mark.django_db
def test_published_article_slug_cannot_change():
    from django.core.exceptions import ValidationError

    from knowledgebase.services import article_save

    article = ArticleFactory()
    article.slug = "something-else"
    with pytest.raises(ValidationError):
        article_save(article=article, acting_user=None)


@pytest.mark.django_db
def test_feedback_comments_are_listed_in_the_admin(admin_client):
    from knowledgebase.services import feedback_create

    article = ArticleFactory()
    feedback_create(
        article=article, is_helpful=False, comment="Screenshot klopt niet", language="nl"
    )
    html = admin_client.get(
        f"/admin/knowledgebase/feedback/?article__id__exact={article.pk}"
    ).content.decode()
    assert "Screenshot klopt niet" in html


@pytest.mark.django_db
def test_staff_adds_a_manual_with_steps_as_a_draft(admin_client):
    from .factories import CategoryFactory

    category = CategoryFactory()
    response = admin_client.post(
        "/admin/knowledgebase/article/add/",
        {
            "slug": "printen-handleiding",
            "kind": "manual",
            "category": category.pk,
            "title_nl": "Handleiding printen",
            "title_en": "Manual printing",
            "body_nl": "Zo print je.",
            "body_en": "How to print.",
            "steps-TOTAL_FORMS": "2",
            "steps-INITIAL_FORMS": "0",
            "steps-MIN_NUM_FORMS": "0",
            "steps-MAX_NUM_FORMS": "1000",
            "steps-0-position": "1",
            "steps-0-text_nl": "Kies de printer **Bib-1**.",
            "steps-0-text_en": "Choose the printer **Bib-1**.",
            "steps-1-position": "2",
            "steps-1-text_nl": "Houd je studentenkaart tegen de lezer.",
            "steps-1-text_en": "Hold your student card against the reader.",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    manual = Article.objects.get(slug="printen-handleiding")
    assert manual.status == Article.Status.DRAFT
    assert list(manual.steps.values_list("position", flat=True)) == [1, 2]
    assert "studentenkaart" in manual.steps_text_nl


@pytest.fixture
def editor_client(client, db):
    from accounts import roles
    from accounts.tests.factories import StaffFactory

    client.force_login(StaffFactory(username="kb-editor", roles=[roles.KB_EDITOR]))
    return client


@pytest.mark.django_db
def test_a_kb_editor_adds_a_synonym_group_that_search_uses_at_once(editor_client):
    from knowledgebase.models import SearchSynonym
    from knowledgebase.search import search_articles

    ArticleFactory(slug="printing", title_nl="Printen op de campus", title_en="Printing")
    assert search_articles(query="kopieerapparaat") == []
    listing = editor_client.get("/admin/knowledgebase/searchsynonym/").content.decode()
    assert "paswoord, wachtwoord, password" in listing  # seeded by the data migration
    response = editor_client.post(
        "/admin/knowledgebase/searchsynonym/add/", {"terms": "Kopieerapparaat , printen"}
    )
    assert response.status_code == 302
    assert SearchSynonym.objects.filter(terms="kopieerapparaat, printen").exists()
    assert [hit.article.slug for hit in search_articles(query="kopieerapparaat")] == ["printing"]


@pytest.mark.django_db
def test_a_synonym_group_of_one_word_is_refused_with_the_text_kept(editor_client):
    response = editor_client.post("/admin/knowledgebase/searchsynonym/add/", {"terms": "alleen"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Geef minstens twee woorden, gescheiden door komma" in html
    assert 'value="alleen"' in html
