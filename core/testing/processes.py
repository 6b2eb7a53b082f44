"""Real processes for tests: a Celery worker and a throwaway Redis server."""

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connection

ROOT = Path(settings.BASE_DIR)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise TimeoutError(f"nothing listens on port {port} after {timeout}s")


def wait_until(
    condition: Callable[[], bool], *, timeout: float, message: str | Callable[[], str]
) -> None:
    """Poll ``condition`` until it holds; fail with ``message`` after ``timeout`` seconds.

    Real processes finish in their own time: a test waits for what it can see
    (a row's status, a count at the SMTP sink), never for a fixed sleep.
    ``message`` may be a function, to describe the state at the time of failure.
    """
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(message() if callable(message) else message)
        time.sleep(0.1)


def worker_environment() -> dict[str, str]:
    """The test process's environment, pointed at the test database."""
    env = dict(os.environ)
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        env["DATABASE_URL"] = f"sqlite:///{db['NAME']}"
    else:
        user = db["USER"] or ""
        host = db["HOST"] or "127.0.0.1"
        port = db["PORT"] or 5432
        env["DATABASE_URL"] = f"postgres://{user}@{host}:{port}/{db['NAME']}"
    env["DJANGO_SETTINGS_MODULE"] = "servicedesk.settings.test"
    return env


@contextmanager
def celery_worker(*, extra_env: dict[str, str] | None = None) -> Iterator[subprocess.Popen]:
    """Run ``celery worker`` as a separate process for the duration of a test."""
    env = worker_environment() | (extra_env or {})
    log = Path(settings.DATA_DIR) / f"worker-{os.getpid()}.log"
    with log.open("wb") as log_file:
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "servicedesk", "worker",
             "--pool", "solo", "--without-gossip", "--without-mingle",
             "--without-heartbeat", "--loglevel", "INFO"],
            cwd=ROOT, env=env, stdout=log_file, stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            yield process
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@contextmanager
def redis_server(port: int | None = None) -> Iterator[int]:
    """A private ``redis-server`` on a free loopback port; stopped afterwards."""
    binary = shutil.which("redis-server")
    if binary is None:
        raise RuntimeError("redis-server is not installed")
    port = port or free_port()
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        wait_for_port(port)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)


# runserver's own server without runserver's start-up checks, which need the database.
SERVE_WITHOUT_CHECKS = (
    "import sys; from django.core.servers.basehttp import run; "
    "from django.core.wsgi import get_wsgi_application; "
    "run('127.0.0.1', int(sys.argv[1]), get_wsgi_application(), threading=True)"
)


@contextmanager
def web_process(
    *, extra_env: dict[str, str] | None = None, needs_database: bool = True
) -> Iterator[str]:
    """``runserver`` as its own process on the test database; yields its base URL.

    ``needs_database=False`` serves without runserver's migration check, for
    a server started while its database is unreachable.
    """
    port = free_port()
    command = (
        ["manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"]
        if needs_database
        else ["-c", SERVE_WITHOUT_CHECKS, str(port)]
    )
    process = subprocess.Popen(
        [sys.executable, *command],
        cwd=ROOT,
        env=worker_environment() | (extra_env or {}),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port, timeout=30)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=15)


@contextmanager
def outbox_swept_after_broker_outage(*, port: int, worker_env: dict[str, str]) -> Iterator[None]:
    """The broker comes back on ``port`` and a worker runs the outbox sweeper at once.

    For tests that stopped a private Redis while mails were queued: beat would
    queue ``notifications.sweep_outbox`` on its schedule; ``celery call`` queues
    it now. ``worker_env`` points the worker at that broker and an SMTP sink
    (``NOTIFICATIONS_SWEEP_GRACE=0`` so the sweeper takes fresh rows); the
    caller waits for the mails inside the block.
    """
    with redis_server(port=port), celery_worker(extra_env=worker_env):
        subprocess.run(
            [sys.executable, "-m", "celery", "-A", "servicedesk", "call",
             "notifications.sweep_outbox"],
            cwd=ROOT, env=worker_environment() | worker_env, check=True, capture_output=True,
        )  # fmt: skip
        yield
