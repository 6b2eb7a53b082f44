"""The knowledgebase's beat job: thin, safe to run twice (see services)."""

from core.queueing import shared_task

from . import services


@shared_task(name="knowledgebase.flush_article_counts", ignore_result=True)
def flush_article_counts() -> int:
    """Write the article views and suggestions counted in Redis (every minute)."""
    return services.article_counts_flush()
