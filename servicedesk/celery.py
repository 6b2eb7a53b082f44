"""The Celery application, configured from Django settings (``CELERY_*``).

The worker and beat load it with ``-A servicedesk``; a web process loads it
with its first queued task (``core.queueing.celery_app``), not at start-up.
"""

import os

from celery import Celery
from celery.schedules import crontab
from celery.signals import before_task_publish, task_postrun, task_prerun, worker_ready
from django.conf import settings

from . import request_id

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "servicedesk.settings.local")

app = Celery("servicedesk")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def beat_schedule(entries: dict) -> dict:
    """``CELERY_BEAT_SCHEDULE`` with each ``{"crontab": {...}}`` schedule made a crontab.

    Settings write a crontab as its keyword arguments so that importing them
    imports no Celery (a web worker would load most of it for one object).
    """
    return {
        name: {**entry, "schedule": crontab(**entry["schedule"]["crontab"])}
        if isinstance(entry["schedule"], dict)
        else entry
        for name, entry in entries.items()
    }


app.conf.beat_schedule = beat_schedule(settings.CELERY_BEAT_SCHEDULE)

# The request id travels with each task (servicedesk/request_id.py). Connected
# here, so before any task is sent: sending needs this module loaded.
before_task_publish.connect(request_id.attach_to_task)
task_prerun.connect(request_id.adopt_in_task)
task_postrun.connect(request_id.forget_after_task)


@worker_ready.connect
def _record_heartbeat_at_start(**kwargs) -> None:
    """A worker that just started counts as seen, before beat's first tick."""
    from .health import record_worker_heartbeat

    record_worker_heartbeat()
