"""The beat job that reads the desk's mailbox: thin, the work is in ``services``."""

import logging

from django.conf import settings

from core.queueing import shared_task

from . import services

logger = logging.getLogger(__name__)


@shared_task(name="mailin.poll_mailbox", ignore_result=True)
def poll_mailbox() -> int:
    """Handle new mail; with a backlog left, queue the next run at once.

    A run stops at half the soft time limit, so a long backlog is worked off
    in several short tasks, never cut off by the time limit mid-message.
    """
    result = services.mailbox_poll(time_budget=settings.CELERY_TASK_SOFT_TIME_LIMIT / 2)
    logger.info("mail in: %s handled, %s left", result.handled, result.remaining)
    if result.remaining:
        poll_mailbox.delay()
    return result.handled
