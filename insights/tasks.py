"""Beat job: re-derive the recent days' rollups from the source (thin; see services.rollups)."""

import logging
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from core.queueing import shared_task

from .services.rollups import rollups_rebuild

logger = logging.getLogger(__name__)


@shared_task(name="insights.repair_rollups")
def repair_rollups() -> int:
    """Rebuild the last INSIGHTS_REPAIR_DAYS days; safe to run twice (it replaces rows)."""
    today = timezone.localdate()
    rows = rollups_rebuild(
        first=today - timedelta(days=settings.INSIGHTS_REPAIR_DAYS - 1), last=today
    )
    logger.info("repaired %d rollup rows", rows)
    return rows
