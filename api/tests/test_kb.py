"""Knowledgebase and AUP endpoints: the same content and rules as the pages."""

import pytest

from knowledgebase import services
from knowledgebase.models import Article, AupAcceptance, ManualStep
from knowledgebase.tests.factories import ArticleFactory, AupVersionFactory

from .helpers import app_client

pytestmark = pytest.mark.django_db


def test_search_finds_a_published_article_in_the_asked_language(anon_api):
    ArticleFactory(slug="wifi", title_nl="Wifi instellen", title_en="Set up the wifi")
    ArticleFactory(slug="secret", title_en="Set up the wifi draft", status="draft")
    response = anon_api.get("/api/v1/kb/search/", {"q": "wifi"})
    assert response.status_code == 200
    hits = response.json()
    assert [hit["slug"] for hit in hits] == ["wifi"]
    assert hits[0]["title"] == {"text": "Set up the wifi", "language": "en", "is_fallback": False}


def test_search_without_a_query_says_so_next_to_the_field():
    response = app_client(language="nl").get("/api/v1/kb/search/")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "validation_error"
    assert body["fields"]["q"][0]["code"] == "required"
    assert body["fields"]["q"][0]["message"] == "Dit veld is vereist."


def test_manual_comes_with_its_steps_and_counts_a_view(anon_api):
    manual = ArticleFactory(slug="vpn", kind=Article.Kind.MANUAL, body_en="Use **the** VPN")
    ManualStep.objects.create(article=manual, position=1, text_nl="Open", text_en="Open it")
    response = anon_api.get("/api/v1/kb/articles/vpn/")
    assert response.status_code == 200
    body = response.json()
    assert body["kind"] == "manual"
    assert body["body_html"]["text"] == "<p>Use <strong>the</strong> VPN</p>"
    assert [step["text"]["text"] for step in body["steps"]] == ["Open it"]
    services.article_counts_flush()  # the beat job, each minute (written at once without Redis)
    manual.refresh_from_db()
    assert manual.view_count == 1


def test_faq_item_falls_back_to_dutch_and_says_so(anon_api):
    ArticleFactory(slug="nl-only", title_en="", title_nl="Alleen Nederlands")
    title = anon_api.get("/api/v1/kb/articles/nl-only/").json()["title"]
    assert title == {"text": "Alleen Nederlands", "language": "nl", "is_fallback": True}


def test_draft_answers_404_like_a_missing_article(anon_api):
    ArticleFactory(slug="draft", status="draft")
    for slug in ("draft", "never-existed"):
        response = anon_api.get(f"/api/v1/kb/articles/{slug}/")
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"


def _publish(label: str = "2026.1"):
    return services.aup_version_publish(version=AupVersionFactory(label=label), acting_user=None)


def test_aup_current_says_whether_the_caller_accepted(student, student_api, anon_api):
    version = _publish()
    assert anon_api.get("/api/v1/aup/").json()["accepted"] is None
    assert student_api.get("/api/v1/aup/").json()["accepted"] is False
    services.aup_accept(user=student, version=version)
    body = student_api.get("/api/v1/aup/").json()
    assert body["label"] == "2026.1"
    assert body["accepted"] is True


def test_accepting_the_current_aup_records_it(student, student_api):
    version = _publish()
    response = student_api.post("/api/v1/aup/accept/", {"version": "2026.1"}, format="json")
    assert response.status_code == 200
    assert AupAcceptance.objects.filter(user=student, version=version).exists()


def test_an_old_version_cannot_be_accepted(student, student_api):
    _publish("2026.1")
    _publish("2026.2")
    response = student_api.post("/api/v1/aup/accept/", {"version": "2026.1"}, format="json")
    assert response.status_code == 400
    assert response.json()["fields"]["version"][0]["message"] == (
        "This version of the policy is no longer current."
    )
    assert not AupAcceptance.objects.filter(user=student).exists()


def test_accepting_needs_a_signed_in_user(anon_api):
    _publish()
    assert anon_api.post("/api/v1/aup/accept/", {"version": "2026.1"}).status_code == 401


def test_portal_aup_gate_does_not_redirect_api_calls(client, student):
    _publish()
    client.force_login(student)
    assert client.get("/requests/").status_code == 302  # the portal's gate
    response = client.get("/api/v1/aup/")
    assert response.status_code == 200
    assert response.json()["label"] == "2026.1"
