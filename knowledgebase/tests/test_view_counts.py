"""Article views wait in Redis and are written by the minute: never lost, never counted twice."""

import time

import pytest
from django.core.cache import cache, caches

from knowledgebase import services
from knowledgebase.models import Article, ArticleDay

from .factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def redis_counts():
    """The shared Redis cache (the PostgreSQL pass has one), with an empty bucket."""
    if not hasattr(cache, "hash_add"):
        pytest.skip("needs the shared Redis cache (REDIS_URL)")
    cache.hash_take(services.COUNTS_BUCKET)
    yield
    cache.hash_take(services.COUNTS_BUCKET)


def views(article: Article) -> tuple[int, int]:
    article.refresh_from_db()
    day = ArticleDay.objects.filter(article=article).first()
    return article.view_count, day.views if day else 0


def test_a_view_waits_in_redis_until_the_beat_job_writes_it(client, redis_counts):
    article = ArticleFactory()
    for _ in range(3):
        assert client.get(article.get_absolute_url()).status_code == 200
    assert views(article) == (0, 0)
    assert services.article_counts_flush() == 3
    assert views(article) == (3, 3)
    # A second run (or a second beat process) finds nothing more to add.
    assert services.article_counts_flush() == 0
    assert views(article) == (3, 3)


def test_while_redis_is_down_a_view_is_written_at_once(client, redis_counts, monkeypatch):
    article = ArticleFactory()
    # What the tolerant cache does after a failed call: no Redis for a while.
    monkeypatch.setattr(caches["default"], "_down_until", time.monotonic() + 60)
    client.get(article.get_absolute_url())
    assert views(article) == (1, 1)


def test_a_failed_write_puts_the_views_back_for_the_next_run(client, redis_counts, monkeypatch):
    article = ArticleFactory()
    client.get(article.get_absolute_url())
    client.get(article.get_absolute_url())

    def database_gone(*args, **kwargs):
        raise RuntimeError("database unreachable")

    monkeypatch.setattr(services, "_article_counts_write", database_gone)
    with pytest.raises(RuntimeError):
        services.article_counts_flush()
    monkeypatch.undo()
    assert views(article) == (0, 0)
    assert services.article_counts_flush() == 2
    assert views(article) == (2, 2)


def test_views_of_an_article_deleted_meanwhile_are_dropped_and_the_rest_written(
    client, redis_counts
):
    kept, deleted = ArticleFactory(), ArticleFactory()
    client.get(kept.get_absolute_url())
    client.get(deleted.get_absolute_url())
    deleted.delete()
    assert services.article_counts_flush() == 2
    assert views(kept) == (1, 1)


def test_suggestions_while_filing_are_counted_the_same_way(client, redis_counts):
    article = ArticleFactory(title_nl="Eduroam instellen", title_en="Set up eduroam")
    response = client.get("/kb/suggest/", {"q": "eduroam"})
    assert "Eduroam instellen" in response.content.decode()
    assert not ArticleDay.objects.filter(article=article).exists()
    assert services.article_counts_flush() == 1
    day = ArticleDay.objects.get(article=article)
    assert (day.suggested, day.views) == (1, 0)


def test_the_database_down_when_the_job_starts_puts_the_views_back(
    client, redis_counts, monkeypatch
):
    """The job's first query (which articles still exist) failing loses no view either."""
    from django.db import OperationalError

    article = ArticleFactory()
    client.get(article.get_absolute_url())
    client.get(article.get_absolute_url())

    def database_gone(*args, **kwargs):
        raise OperationalError("database unreachable")

    monkeypatch.setattr(Article.objects, "filter", database_gone)
    with pytest.raises(OperationalError):
        services.article_counts_flush()
    monkeypatch.undo()
    assert services.article_counts_flush() == 2
    assert views(article) == (2, 2)
