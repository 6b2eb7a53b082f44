"""What a web worker loads at start-up (issue 23, memory per worker).

A gunicorn worker imports the WSGI application and, with its first request,
the URLconf. Libraries that only other processes or some requests need are
imported on first use instead, so a worker that never needs them stays
smaller: Celery and kombu with the first queued task (core/queueing.py, about
6 MB resident), nh3 with the first Markdown rendered, mail-parser-reply with
the first mail parsed. Checked in a fresh interpreter, since the test process
itself has loaded everything.
"""

import json
import subprocess
import sys

from core.testing.processes import ROOT, worker_environment

NOT_AT_START_UP = ["celery", "kombu", "servicedesk.celery", "nh3", "mailparser_reply"]

WEB_WORKER = f"""
import json, sys
from servicedesk.wsgi import application
from django.urls import get_resolver
get_resolver().url_patterns
loaded = sorted(name for name in {NOT_AT_START_UP!r} if name in sys.modules)
from notifications.tasks import deliver_outbox_mail
from django.conf import settings
print(json.dumps({{
    "loaded": loaded,
    "task_app": deliver_outbox_mail.app.main,
    "broker": deliver_outbox_mail.app.conf.broker_url == settings.CELERY_BROKER_URL,
}}))
"""


def test_a_web_worker_loads_celery_only_with_its_first_task():
    result = subprocess.run(
        [sys.executable, "-c", WEB_WORKER],
        cwd=ROOT,
        env=worker_environment(),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert found["loaded"] == []
    # Importing a tasks module loads the project's app first, so a task is
    # never sent through Celery's unconfigured default app.
    assert found["task_app"] == "servicedesk"
    assert found["broker"] is True
