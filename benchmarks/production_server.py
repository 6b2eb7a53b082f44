"""Shared by the page benchmarks: gunicorn with production settings, wrk, RSS per worker.

``serve()`` starts one or more gunicorn masters (sync workers) on loopback
ports with ``servicedesk.settings.production`` (HTTP on loopback, so no SSL
redirect; the hashed static manifest is collected into a temporary folder).
``wrk_run()`` drives them with wrk for a fixed time at a fixed number of
connections; with several ports, each wrk thread is pinned to one port by a
small Lua script (``thread.addr``), a round-robin without a proxy process
in between. ``worker_rss_mb()`` reads each worker's resident memory from /proc.
"""

import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PIN_THREADS_TO_PORTS = """
local ports = {}
for port in string.gmatch(os.getenv("WRK_PORTS") or "", "%d+") do
  table.insert(ports, port)
end
local started = 0
function setup(thread)
  started = started + 1
  local port = ports[(started - 1) % #ports + 1]
  thread.addr = wrk.lookup("127.0.0.1", port)[1]
end
"""


def production_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of a production web process on loopback."""
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "servicedesk.settings.production",
            "SECRET_KEY": env.get("SECRET_KEY", "benchmark-only-secret-" + "x" * 40),
            "SECURE_SSL_REDIRECT": "0",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "LOG_LEVEL": "WARNING",
        }
    )
    env.update(extra or {})
    return env


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def collect_static(env: dict[str, str]) -> None:
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT, env=env, check=True,
    )  # fmt: skip


@dataclass
class Master:
    port: int
    process: subprocess.Popen

    def worker_pids(self) -> list[int]:
        path = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in path.read_text().split()] if path.exists() else []


@contextmanager
def serve(*, masters: int, workers: int, env: dict[str, str]) -> Iterator[list[Master]]:
    """``masters`` gunicorn masters with ``workers`` sync workers each; stopped afterwards."""
    started: list[Master] = []
    log = Path(tempfile.gettempdir()) / "bench-gunicorn.log"
    try:
        for _ in range(masters):
            port = free_port()
            process = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "servicedesk.wsgi:application",
                 "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
                 "--worker-class", "sync", "--timeout", "60", "--backlog", "2048",
                 "--error-logfile", str(log)],
                cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )  # fmt: skip
            started.append(Master(port, process))
        for master in started:
            _wait_ready(master.port)
        yield started
    finally:
        for master in started:
            master.process.terminate()
        for master in started:
            master.process.wait(timeout=30)


def _wait_ready(port: int, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=30)
            return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"gunicorn on {port} never answered")


def check_page(port: int, path: str, headers: dict[str, str]) -> int:
    """GET once; the page must be a 200 at that very address (no login redirect)."""
    url = f"http://127.0.0.1:{port}{path}"
    request = urllib.request.Request(url, headers=headers)
    with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 (loopback)
        body = response.read()
        assert response.status == 200, (path, response.status)
        assert response.geturl() == url, (path, response.geturl())
    return len(body)


@dataclass
class WrkResult:
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: int


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", value).groups()
    return float(number) * _UNITS[unit]


def wrk_run(
    ports: list[int], path: str, headers: dict[str, str], *, connections: int, seconds: int
) -> WrkResult:
    """wrk on loopback for ``seconds`` at ``connections``, spread over ``ports``."""
    threads = max(len(ports), 2)
    threads += (-threads) % len(ports)  # a multiple of the ports, so each gets its share
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(PIN_THREADS_TO_PORTS)
    command = ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{seconds}s",
               "--timeout", "10s", "--latency", "-s", script.name]  # fmt: skip
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    command.append(f"http://127.0.0.1:{ports[0]}{path}")
    env = dict(os.environ, WRK_PORTS=",".join(map(str, ports)))
    out = subprocess.run(command, env=env, capture_output=True, text=True, check=True).stdout
    os.unlink(script.name)
    latency = dict(re.findall(r"^\s*(50|99)(?:\.0+)?%\s+(\S+)", out, re.M))
    if "50" not in latency:
        raise RuntimeError(f"wrk printed no latency distribution:\n{out}")
    total = int(re.search(r"(\d+) requests in", out).group(1))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    )
    errors = (int(bad.group(1)) if bad else 0) + (
        sum(int(n) for n in socket_errors.groups()) if socket_errors else 0
    )
    return WrkResult(
        requests_per_second=float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        p50_ms=_ms(latency["50"]),
        p99_ms=_ms(latency["99"]),
        requests=total,
        errors=errors,
    )


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0
