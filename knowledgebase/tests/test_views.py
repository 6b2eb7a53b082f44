"""The public pages: drafts, language fallback, feedback, counters, query counts."""

import pytest
from django.core.cache import cache

from knowledgebase import services
from knowledgebase.models import Article, ArticleDay, Feedback

from .factories import ArticleFactory, CategoryFactory


def view_writes() -> int:
    """Queries that count a view: none with Redis (added up there), two without."""
    return 0 if hasattr(cache, "hash_add") else 2


def _many(count: int) -> None:
    category = CategoryFactory()
    for _ in range(count):
        ArticleFactory(category=category)


@pytest.mark.django_db
def test_published_article_is_shown_to_a_visitor(client):
    article = ArticleFactory(title_nl="Wifi op de campus", body_nl="Kies het netwerk **eduroam**.")
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Wifi op de campus" in html
    assert "<strong>eduroam</strong>" in html


@pytest.mark.django_db
def test_draft_is_hidden_from_visitors_and_students(client, student):
    draft = ArticleFactory(status=Article.Status.DRAFT, published_at=None, title_nl="Geheim")
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(student)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert "Geheim" not in client.get(draft.category.get_absolute_url()).content.decode()
    assert draft.get_absolute_url() not in client.get("/kb/search/?q=Geheim").content.decode()


@pytest.mark.django_db
def test_draft_is_visible_to_staff_with_a_draft_badge(client, agent_first_line):
    draft = ArticleFactory(status=Article.Status.DRAFT, published_at=None, title_nl="Nieuw")
    client.force_login(agent_first_line)
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert "Ontwerp: alleen personeel ziet dit." in response.content.decode()
    draft.refresh_from_db()
    assert draft.view_count == 0


@pytest.mark.django_db
def test_english_reader_gets_dutch_text_with_a_note_when_english_is_missing(client):
    article = ArticleFactory(title_nl="Printen in de bib", title_en="", body_en="")
    client.cookies["django_language"] = "en"
    html = client.get(article.get_absolute_url()).content.decode()
    assert '<h1 lang="nl">Printen in de bib</h1>' in html
    assert "This text is not available in your language yet; it is shown in Dutch." in html


@pytest.mark.django_db
def test_reader_in_own_language_sees_no_fallback_note(client):
    article = ArticleFactory(title_en="Printing in the library")
    client.cookies["django_language"] = "en"
    html = client.get(article.get_absolute_url()).content.decode()
    assert "<h1>Printing in the library</h1>" in html
    assert "not available in your language" not in html


@pytest.mark.django_db
def test_viewing_an_article_counts_one_view(client):
    article = ArticleFactory()
    client.get(article.get_absolute_url())
    client.get(article.get_absolute_url())
    services.article_counts_flush()  # the beat job, each minute (written at once without Redis)
    article.refresh_from_db()
    assert article.view_count == 2
    assert ArticleDay.objects.get(article=article).views == 2


@pytest.mark.django_db
def test_feedback_with_comment_is_stored_and_counted(client):
    article = ArticleFactory()
    response = client.post(
        f"{article.get_absolute_url()}feedback/", {"helpful": "no", "comment": "Stap 3 ontbreekt"}
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.helpful_yes, article.helpful_no) == (0, 1)
    feedback = Feedback.objects.get(article=article)
    assert feedback.comment == "Stap 3 ontbreekt"
    assert feedback.language == "nl"


@pytest.mark.django_db
def test_feedback_without_a_choice_says_what_is_wrong_and_keeps_the_comment(client):
    article = ArticleFactory()
    client.get(article.get_absolute_url())  # the empty form's fields are kept (issue 23)
    response = client.post(f"{article.get_absolute_url()}feedback/", {"comment": "Mijn tekst"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Kies ja of nee." in html
    assert "Mijn tekst" in html
    assert not Feedback.objects.exists()
    # and a posted form was not kept for the next reader
    fresh = client.get(article.get_absolute_url()).content.decode()
    assert "Mijn tekst" not in fresh and "Kies ja of nee." not in fresh


@pytest.mark.django_db
def test_feedback_on_a_draft_is_404_for_visitors(client):
    draft = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    response = client.post(f"{draft.get_absolute_url()}feedback/", {"helpful": "yes"})
    assert response.status_code == 404


@pytest.mark.django_db
def test_this_answered_my_question_counts_a_request_avoided(client):
    article = ArticleFactory()
    page = client.get(f"{article.get_absolute_url()}?from=request").content.decode()
    assert "Dit beantwoordt mijn vraag" in page
    response = client.post(f"{article.get_absolute_url()}answered/")
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.requests_avoided == 1


@pytest.mark.django_db
def test_state_changes_refuse_get(client):
    article = ArticleFactory()
    assert client.get(f"{article.get_absolute_url()}answered/").status_code == 405
    assert client.get(f"{article.get_absolute_url()}feedback/").status_code == 405


@pytest.mark.django_db
def test_index_lists_categories_most_read_and_recent(client):
    popular = ArticleFactory(title_nl="Populair", view_count=50)
    ArticleFactory(title_nl="Stil", view_count=1)
    html = client.get("/kb/").content.decode()
    assert popular.category.name_nl in html
    assert html.index("Populair") < html.index("Stil")


@pytest.mark.django_db
def test_category_page_pages_by_keyset(client):
    category = CategoryFactory()
    for index in range(52):
        ArticleFactory(category=category, slug=f"item-{index:03d}")
    html = client.get(category.get_absolute_url()).content.decode()
    assert "item-049" in html and "item-050" not in html
    assert "?after=item-049" in html
    second = client.get(f"{category.get_absolute_url()}?after=item-049").content.decode()
    assert "item-050" in second and "item-051" in second


@pytest.mark.django_db
def test_unknown_category_and_article_are_404(client):
    assert client.get("/kb/categories/nope/").status_code == 404
    assert client.get("/kb/articles/nope/").status_code == 404


@pytest.mark.django_db
def test_search_query_that_is_too_long_is_refused_next_to_the_field(client):
    response = client.get("/kb/search/", {"q": "x" * 201})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Gebruik hoogstens 200 tekens." in html
    assert 'aria-describedby="id_q_error"' in html


@pytest.mark.django_db
def test_suggest_returns_a_small_partial_with_links_marked_for_request(client):
    article = ArticleFactory(title_nl="Eduroam instellen", title_en="Setting up eduroam")
    response = client.get("/kb/suggest/", {"q": "eduroam"})
    assert response.status_code == 200
    html = response.content.decode()
    assert f'href="{article.get_absolute_url()}?from=request"' in html
    assert "<html" not in html
    assert client.get("/kb/suggest/", {"q": "ed"}).content.decode().strip() == ""


# --- Query counts: the same exact number for few and many items -------------


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 40])
def test_index_query_count_does_not_grow(client, django_assert_num_queries, count):
    _many(count)
    # categories, most read, recently updated
    with django_assert_num_queries(3):
        assert client.get("/kb/").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 40])
def test_article_query_count_does_not_grow(client, django_assert_num_queries, count):
    _many(count)
    article = Article.objects.order_by("id").last()
    # the article with its category, and the view: with Redis one HINCRBY there and
    # no query; without, the count UPDATE and the day's upsert
    with django_assert_num_queries(1 + view_writes()):
        assert client.get(article.get_absolute_url()).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 40])
def test_manual_query_count_does_not_grow_with_steps(client, django_assert_num_queries, count):
    from knowledgebase.models import ManualStep

    manual = ArticleFactory(kind=Article.Kind.MANUAL)
    for position in range(count):
        ManualStep.objects.create(article=manual, position=position, text_nl=f"Stap {position}")
    # the manual with its category, its steps, and the view (as above)
    with django_assert_num_queries(2 + view_writes()):
        assert client.get(manual.get_absolute_url()).status_code == 200


def _search_queries(client, query: str) -> tuple[int, int]:
    """SQL queries of a first (uncached) and a repeated (cached) search page."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/kb/search/", {"q": query})
        assert response.status_code == 200
        assert "Vraag nummer" in response.content.decode()
        counts.append(len(captured.captured_queries))
    return counts[0], counts[1]


@pytest.mark.django_db
def test_search_query_count_does_not_grow(client):
    """Full-text and typo paths cost the same queries at 5 and at 60 articles.

    Uncached: the synonyms, the full-text step, (typo: the trigram step with
    its threshold, in a savepoint on PostgreSQL), the snippets, the articles.
    Cached (the same query again): only the articles, by primary key.
    """
    measured = {}
    for size in (5, 60):
        _many(size - Article.objects.count())
        for query in ("leerplatform", "numer"):
            measured[size, query] = _search_queries(client, query)
    for query in ("leerplatform", "numer"):
        assert measured[5, query] == measured[60, query]
        uncached, cached = measured[60, query]
        assert uncached <= 8
        assert cached == 1


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 40])
def test_category_query_count_does_not_grow(client, django_assert_num_queries, count):
    category = CategoryFactory(slug="counted")
    for _ in range(count):
        ArticleFactory(category=category)
    # the category, one keyset page of its articles
    with django_assert_num_queries(2):
        assert client.get(category.get_absolute_url()).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 40])
def test_suggest_query_count_does_not_grow(client, django_assert_num_queries, count):
    from django.db import connection

    _many(count)
    expected = 4 if connection.vendor == "postgresql" else 1
    # + the day's suggestion counts of the articles shown: insert missing, one UPDATE
    with django_assert_num_queries(expected + 2):
        assert client.get("/kb/suggest/", {"q": "leerplatform"}).status_code == 200


@pytest.mark.django_db
def test_manual_step_screenshot_is_stored_and_shown_with_its_description(
    client, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from knowledgebase.models import ManualStep

    settings.PRIVATE_MEDIA_ROOT = tmp_path
    manual = ArticleFactory(kind=Article.Kind.MANUAL)
    step = ManualStep(
        article=manual,
        position=1,
        text_nl="Klik op **Aanmelden**.",
        screenshot=SimpleUploadedFile("login.png", b"\x89PNG\r\n\x1a\n", content_type="image/png"),
        screenshot_alt_nl="Het aanmeldscherm met de knop Aanmelden",
    )
    step.full_clean()
    step.save()
    assert (tmp_path / step.screenshot.name).exists()
    html = client.get(manual.get_absolute_url()).content.decode()
    assert f'src="{step.screenshot.url}" alt="Het aanmeldscherm met de knop Aanmelden"' in html
    assert "<strong>Aanmelden</strong>" in html


@pytest.mark.django_db
def test_screenshot_without_description_is_refused():
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile

    from knowledgebase.models import ManualStep

    step = ManualStep(
        article=ArticleFactory(kind=Article.Kind.MANUAL),
        position=1,
        text_nl="Stap",
        screenshot=SimpleUploadedFile("x.png", b"png"),
    )
    with pytest.raises(ValidationError) as error:
        step.full_clean()
    assert "screenshot_alt_nl" in error.value.message_dict


@pytest.mark.django_db
def test_a_draft_manuals_screenshot_is_not_public(client, settings, tmp_path, desk_lead):
    """The screenshot follows its article: 404 while draft, except for staff; then public."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from knowledgebase import services
    from knowledgebase.models import ManualStep

    settings.PRIVATE_MEDIA_ROOT = tmp_path
    settings.MEDIA_ROOT = tmp_path / "public"
    draft = ArticleFactory(kind=Article.Kind.MANUAL, status=Article.Status.DRAFT, published_at=None)
    step = ManualStep(
        article=draft,
        position=1,
        text_nl="Klik.",
        screenshot=SimpleUploadedFile("secret.png", b"\x89PNG\r\n\x1a\n", content_type="image/png"),
        screenshot_alt_nl="Het nieuwe scherm",
    )
    step.full_clean()
    step.save()
    url = step.screenshot.url
    assert url.startswith("/kb/screenshots/")
    assert not (tmp_path / "public" / step.screenshot.name).exists()  # nothing under MEDIA_ROOT
    assert client.get(url).status_code == 404
    assert client.get(f"/media/{step.screenshot.name}").status_code == 404
    client.force_login(desk_lead)
    assert client.get(url).status_code == 200  # staff preview the draft
    client.logout()
    services.article_publish(article=draft, acting_user=None)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"


@pytest.mark.django_db
def test_nothing_found_offers_to_file_a_request_about_the_query(client):
    ArticleFactory(title_nl="Wifi op de campus")
    html = client.get("/kb/search/", {"q": "beamer & <zaal>"}).content.decode()
    assert 'href="/requests/new/?subject=beamer+%26+%3Czaal%3E"' in html
    assert "Dien een aanvraag in over “beamer &amp; &lt;zaal&gt;”" in html
    found = client.get("/kb/search/", {"q": "wifi"}).content.decode()
    assert "/requests/new/?subject=" not in found


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("given", "shown"),
    [
        ("beamer & <zaal>", 'value="beamer &amp; &lt;zaal&gt;"'),
        ("twee\nregels\x07\u200b  hier", 'value="twee regels hier"'),
        ("x" * 500, f'value="{"x" * 200}"'),
    ],
)
def test_the_new_request_form_takes_its_subject_from_the_address(client, given, shown):
    html = client.get("/requests/new/", {"subject": given}).content.decode()
    assert shown in html
