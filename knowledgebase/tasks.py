"""The knowledgebase's beat job: thin, safe to run twice (see services)."""

from celery import shared_task

from . import services


@shared_task(name="knowledgebase.flush_article_views", ignore_result=True)
def flush_article_views() -> int:
    """Write the article views counted in Redis (every minute)."""
    return services.article_views_flush()
