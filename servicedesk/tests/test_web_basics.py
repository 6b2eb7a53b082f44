"""robots.txt, security.txt, the knowledgebase sitemap, meta descriptions and hreflang."""

import re
from datetime import UTC, datetime, timedelta
from xml.etree import ElementTree

import pytest
from django.test import override_settings

from knowledgebase.demo import seed_demo_knowledgebase
from knowledgebase.models import Article

SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.mark.django_db
def test_robots_txt_names_the_sitemap_and_keeps_crawlers_out_of_private_pages(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "User-agent: *" in body
    for private in ("Disallow: /requests/", "Disallow: /admin/", "Disallow: /accounts/"):
        assert private in body
    assert "Disallow: /kb/\n" not in body
    # The public pages under those paths stay findable (Lighthouse's is-crawlable).
    for public in ("Allow: /requests/new/", "Allow: /accounts/login/"):
        assert public in body
    assert "Sitemap: http://testserver/sitemap.xml" in body


@pytest.mark.django_db
@override_settings(
    SECURITY_TXT_CONTACTS=["mailto:cert@uni.example", "https://uni.example/report"],
    SECURITY_TXT_LIFETIME_DAYS=30,
)
def test_security_txt_has_rfc9116_fields_and_expires_in_the_future(client):
    response = client.get("/.well-known/security.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    fields = [line.split(": ", 1) for line in response.content.decode().splitlines()]
    contacts = [value for name, value in fields if name == "Contact"]
    assert contacts == ["mailto:cert@uni.example", "https://uni.example/report"]
    (expires,) = [value for name, value in fields if name == "Expires"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", expires)
    when = datetime.strptime(expires, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    now = datetime.now(UTC)
    assert now + timedelta(days=29) < when <= now + timedelta(days=30, seconds=1)
    assert ("Canonical", "http://testserver/.well-known/security.txt") in [tuple(f) for f in fields]


@pytest.mark.django_db
def test_web_basics_answer_a_signed_in_student_who_has_not_accepted_the_aup(client, student):
    seed_demo_knowledgebase()  # publishes an AUP the new student has not accepted
    client.force_login(student)
    for path in ("/robots.txt", "/.well-known/security.txt", "/sitemap.xml"):
        assert client.get(path).status_code == 200, path


@pytest.mark.django_db
def test_sitemap_lists_published_articles_in_both_languages_and_no_drafts(
    client, django_assert_max_num_queries
):
    seed_demo_knowledgebase()
    draft = Article.objects.filter(kind=Article.Kind.FAQ).first()
    Article.objects.filter(pk=draft.pk).update(status=Article.Status.DRAFT)
    with django_assert_max_num_queries(3):
        response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ElementTree.fromstring(response.content)  # noqa: S314 (our own response)
    locations = {node.text for node in root.findall("s:url/s:loc", SITEMAP_NS)}
    published = Article.objects.filter(status=Article.Status.PUBLISHED)
    assert published.count() > 5
    for article in published:
        for language in ("nl", "en"):
            assert f"http://testserver/kb/articles/{article.slug}/?lang={language}" in locations
    assert not any(f"/articles/{draft.slug}/" in url for url in locations)
    assert "http://testserver/kb/?lang=en" in locations


@pytest.mark.django_db
def test_lang_in_the_address_picks_the_language_and_is_remembered(client):
    response = client.get("/kb/?lang=en")
    assert response["Content-Language"] == "en"
    assert '<html lang="en">' in response.content.decode()
    assert response.cookies["django_language"].value == "en"
    # The links followed from there stay English; a plain address after that too.
    assert client.get("/")["Content-Language"] == "en"
    assert client.get("/?lang=nl")["Content-Language"] == "nl"
    assert client.get("/?lang=xx")["Content-Language"] == "nl"


@pytest.mark.django_db
def test_public_pages_name_their_other_language_version_and_describe_themselves(client):
    seed_demo_knowledgebase()
    article = Article.objects.get(slug="forgot-password")
    html = client.get(f"/kb/articles/{article.slug}/?lang=en").content.decode()
    base = f"http://testserver/kb/articles/{article.slug}/"
    assert f'<link rel="alternate" hreflang="nl" href="{base}?lang=nl">' in html
    assert f'<link rel="alternate" hreflang="en" href="{base}?lang=en">' in html
    assert f'<link rel="alternate" hreflang="x-default" href="{base}">' in html
    assert f'<link rel="canonical" href="{base}?lang=en">' in html
    (description,) = re.findall(r'<meta name="description" content="([^"]*)">', html)
    assert 20 < len(description) <= 160
    assert "password" in description.lower()
    home = client.get("/?lang=nl").content.decode()
    (home_description,) = re.findall(r'<meta name="description" content="([^"]*)">', home)
    assert "servicedesk" in home_description.lower()
