"""``bash scripts/run --production``: the Procfile's web, worker and beat under honcho.

An operator's one-command trial on one host, run for real: production
settings, gunicorn with gunicorn.conf.py, a Celery worker and beat, on the
test database and broker. The worker proves itself through /healthz (it
records a heartbeat when ready); Ctrl+C (SIGINT) stops all three. A
private Redis is the broker, so the trial's worker takes no task an earlier
test left on the shared one.
"""

import json
import os
import secrets
import signal
import subprocess
import time
import urllib.request

import pytest
from django.conf import settings

from core.testing.processes import ROOT, free_port, redis_server, worker_environment

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


def _healthz(port: int) -> dict | None:
    request = urllib.request.Request(f"http://127.0.0.1:{port}/healthz")
    try:
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310 - loopback
            return json.loads(response.read())
    except OSError:
        return None


def test_production_trial_runs_web_worker_and_beat_until_interrupted(tmp_path):
    if not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        pytest.skip("one pass is enough: the trial's processes are the same on SQLite")
    with redis_server() as redis_port:
        _run_trial(tmp_path, f"redis://127.0.0.1:{redis_port}/0")


def _run_trial(tmp_path, redis_url: str) -> None:
    port = free_port()
    log_path = tmp_path / "trial.log"
    env = worker_environment() | {
        "SECRET_KEY": secrets.token_urlsafe(50),
        "REDIS_URL": redis_url,
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "WEB_CONCURRENCY": "1",
        "CELERY_CONCURRENCY": "1",
        "STATIC_ROOT": str(tmp_path / "static"),
        "CELERY_BEAT_SCHEDULE_FILE": str(tmp_path / "celerybeat-schedule"),
    }
    env.pop("DJANGO_SETTINGS_MODULE")
    without = {"SECRET_KEY": ""}
    refused = subprocess.run(
        ["bash", "scripts/run", "--production"], cwd=ROOT, env=env | without,
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert refused.returncode == 1
    assert "SECRET_KEY is not set" in refused.stderr

    with log_path.open("wb") as log:
        trial = subprocess.Popen(
            ["bash", "scripts/run", "--production"], cwd=ROOT, env=env,
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    try:
        deadline = time.monotonic() + 120
        health = None
        while time.monotonic() < deadline and trial.poll() is None:
            health = _healthz(port)
            if health and health["worker"] == "ok" and b"beat: Starting" in log_path.read_bytes():
                break
            time.sleep(0.5)
        output = log_path.read_text()
        assert health == {"status": "ok", "database": "ok", "broker": "ok", "worker": "ok"}, output
        for process in ("web.1", "worker.1", "beat.1"):
            assert f"{process} " in output
        assert "Starting gunicorn" in output
        assert (tmp_path / "static" / "staticfiles.json").exists()  # collected first
    finally:
        os.killpg(trial.pid, signal.SIGINT)
        try:
            trial.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(trial.pid, signal.SIGKILL)
            trial.wait()
    assert _healthz(port) is None  # all three stopped with the trial
