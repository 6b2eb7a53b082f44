"""Handing work to Celery so that a broker outage loses nothing.

The row in the database (an outbox mail, a student import job) is the
promise; the queue message only says "look at row N now". So a message is
sent after the row commits, a failure to send never fails the caller, and
a beat sweeper sends again for rows left waiting. Both halves live here so
every feature that queues work does it the same way.
"""

import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.utils.module_loading import import_string

if TYPE_CHECKING:
    from celery import Celery, Task

logger = logging.getLogger(__name__)


def celery_app() -> "Celery":
    """The project's Celery app (``settings.QUEUE_CELERY_APP``), imported on first use.

    Shared tasks send through the current Celery app, and that is the
    project's configured one only once its module is imported. A web process
    imports it here, with its first task, rather than at start-up: a worker
    that queues nothing never loads Celery and kombu (about 6 MB resident).
    """
    return import_string(settings.QUEUE_CELERY_APP)


def shared_task(*args, **options):
    """``celery.shared_task`` for the apps' tasks modules, the project's app loaded first.

    Importing a tasks module (services do it when they queue) loads the
    configured app, so ``.delay()`` never meets Celery's unconfigured default.
    """
    celery_app()
    from celery import shared_task as celery_shared_task

    return celery_shared_task(*args, **options)


def enqueue_on_commit(task: "Task", object_id: int, *, countdown: float | None = None) -> None:
    """Send ``task(object_id)`` once the current transaction commits.

    ``robust=True``: with the broker unreachable the caller's request still
    succeeds (Django logs the failure); the row waits for the sweeper.
    ``countdown`` (seconds) asks the worker to run it later, e.g. at the end
    of a coalescing window; the row still holds the promise.
    """

    def enqueue() -> None:
        if countdown:
            task.apply_async(args=(object_id,), countdown=countdown)
        else:
            task.delay(object_id)

    # Django names a failed robust callback by its __qualname__ in the log.
    enqueue.__qualname__ = f"enqueue_on_commit[{task.name}]"
    transaction.on_commit(enqueue, robust=True)


def enqueue_each(task: "Task", object_ids: Sequence[int], *, what: str) -> int:
    """A sweeper's send: ``task(id)`` for each id, stopping at the first broker error.

    Returns how many were sent; the rest stay in the database for the next sweep.
    """
    sent = 0
    for object_id in object_ids:
        try:
            task.delay(object_id)
        except Exception:
            logger.exception(
                "sweep: broker unreachable; %s %s wait for the next sweep",
                len(object_ids) - sent,
                what,
            )
            break
        sent += 1
    if sent:
        logger.info("sweep: enqueued %s %s", sent, what)
    return sent
