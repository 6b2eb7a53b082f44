"""The Celery application, configured from Django settings (``CELERY_*``)."""

import os

from celery import Celery
from celery.signals import worker_ready

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "servicedesk.settings.local")

app = Celery("servicedesk")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_ready.connect
def _record_heartbeat_at_start(**kwargs) -> None:
    """A worker that just started counts as seen, before beat's first tick."""
    from .health import record_worker_heartbeat

    record_worker_heartbeat()
