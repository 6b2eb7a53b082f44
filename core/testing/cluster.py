"""Several real portal processes at once: gunicorn web servers, Celery workers, beat.

For the scale-out and fault tests: each process is its own session (its own
process group), so a test can kill one with everything it forked, as a
crash or an OOM kill would, and read its log afterwards.
"""

import os
import re
import signal
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from .processes import ROOT, free_port, wait_for_port, wait_until, worker_environment

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class PortalProcess:
    name: str
    command: list[str]
    env: dict[str, str]
    log: Path
    port: int | None = None
    process: subprocess.Popen | None = field(default=None, repr=False)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> "PortalProcess":
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                self.command, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip
        if self.port:
            wait_for_port(self.port, timeout=60)
            # The socket listens before the workers have loaded Django: wait for an answer.
            wait_until(
                lambda: _answers(self.url + "/healthz"), timeout=90,
                message=lambda: f"{self.name} never answered:\n{self.log_text()[-2000:]}",
            )  # fmt: skip
        return self

    def kill(self) -> None:
        """SIGKILL the process and all it forked (gunicorn's workers, a worker's children)."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=15)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()

    def log_text(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""


def _answers(url: str) -> bool:
    try:
        httpx.get(url, timeout=30)
    except httpx.HTTPError:
        return False
    return True


def portal_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    return worker_environment() | (extra or {})


def gunicorn(name: str, log_dir: Path, env: dict[str, str], *, workers: int = 2) -> PortalProcess:
    port = free_port()
    command = [
        sys.executable, "-m", "gunicorn", "servicedesk.wsgi:application",
        "--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--worker-class", "sync",
        "--timeout", "60", "--graceful-timeout", "5", "--log-level", "warning",
    ]  # fmt: skip
    return PortalProcess(name, command, env, log_dir / f"{name}.log", port=port)


def celery_worker(name: str, log_dir: Path, env: dict[str, str]) -> PortalProcess:
    command = [
        sys.executable, "-m", "celery", "-A", "servicedesk", "worker", "--pool", "solo",
        "--hostname", f"{name}@%h", "--without-gossip", "--without-mingle",
        "--without-heartbeat", "--loglevel", "INFO",
    ]  # fmt: skip
    return PortalProcess(name, command, env, log_dir / f"{name}.log")


def celery_beat(name: str, log_dir: Path, env: dict[str, str]) -> PortalProcess:
    command = [
        sys.executable, "-m", "celery", "-A", "servicedesk", "beat", "--loglevel", "INFO",
        "--schedule", str(log_dir / f"{name}-schedule"),
        "--pidfile", str(log_dir / f"{name}.pid"),
    ]  # fmt: skip
    return PortalProcess(name, command, env, log_dir / f"{name}.log")


class Browser:
    """A browser without JavaScript on one or more servers: cookies, CSRF tokens."""

    def __init__(self, *, cookies: httpx.Cookies | None = None) -> None:
        self.http = httpx.Client(timeout=60, follow_redirects=True, cookies=cookies)

    def get(self, url: str, **kwargs) -> httpx.Response:
        return self.http.get(url, **kwargs)

    def submit(
        self, url: str, data: dict[str, str], *, headers: dict[str, str] | None = None
    ) -> httpx.Response:
        page = self.http.get(url)
        token = TOKEN.search(page.text).group(1)
        return self.http.post(
            url,
            data={"csrfmiddlewaretoken": token, **data},
            headers={"Referer": url, **(headers or {})},
        )
