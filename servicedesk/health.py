"""Liveness of the parts a request depends on: the database and the broker.

The answer names only which part is up; never hosts, versions or errors, as
the endpoint is public so load balancers can poll it.
"""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import timezone

logger = logging.getLogger(__name__)

HEARTBEAT_KEY = "servicedesk:worker-heartbeat"
# Beat queues a heartbeat every minute; three missed ones mean no worker runs.
HEARTBEAT_STALE_AFTER = timedelta(minutes=3)


def database_is_up() -> bool:
    """Run a trivial query on the default database."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any driver error means "down" to a health check
        logger.warning("health check: database unreachable", exc_info=True)
        return False
    return True


def broker_is_up() -> bool:
    """Open (and close) one connection to the Celery broker, with a timeout."""
    from .celery import app as celery_app  # here: a worker never polled loads no Celery

    timeout = settings.HEALTHCHECK_BROKER_TIMEOUT
    try:
        with celery_app.connection_for_write(connect_timeout=timeout) as conn:
            conn.ensure_connection(
                max_retries=1,
                interval_start=0,
                interval_step=0,
                interval_max=0,
                timeout=timeout,
            )
            conn.default_channel  # noqa: B018 - opening a channel proves the broker answers
    except Exception:
        logger.warning("health check: broker unreachable", exc_info=True)
        return False
    return True


def record_worker_heartbeat() -> None:
    """Called by a worker: remember when one last ran a job."""
    cache.set(HEARTBEAT_KEY, timezone.now().isoformat(), timeout=None)


def worker_state() -> str:
    """``ok`` when a worker ran the heartbeat job lately, else ``stale``/``unknown``.

    Informational: a missing worker delays mail but does not make this web
    process unfit to serve, so it does not change the health status code.
    """
    try:
        seen = cache.get(HEARTBEAT_KEY)
    except Exception:
        logger.warning("health check: cache unreachable", exc_info=True)
        return "unknown"
    if seen is None:
        return "unknown"
    age = timezone.now() - datetime.fromisoformat(seen)
    return "ok" if age <= HEARTBEAT_STALE_AFTER else "stale"
