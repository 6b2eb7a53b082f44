"""Throughput of GET /api/v1/requests/ and request detail with N requests in PostgreSQL.

Usage (from the repository root, with DATABASE_URL pointing at a PostgreSQL
database you may fill; migrations are applied first):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sd_bench \\
        .venv/bin/python benchmarks/api_requests.py 100000 [--seconds 10]

Seeds like benchmarks/tickets_pages.py (a benchmark student owns a tenth of
the requests), signs the student in through allauth's headless app login on a
separate ``wsgiref`` server process (DEBUG off), then calls each endpoint
sequentially for a fixed time with the X-Session-Token and prints requests
per second, median and 95th percentile latency.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import tickets_pages
from allauth.account.models import EmailAddress
from django.core.management import call_command
from django.db import connection

from knowledgebase import selectors as kb_selectors
from knowledgebase import services as kb_services

ROOT, SERVER, seed = tickets_pages.ROOT, tickets_pages.SERVER, tickets_pages.seed
PASSWORD = "Bench-Password-2026"  # noqa: S105 (a throwaway benchmark account)


def call(port: int, path: str, *, token: str = "", body: dict | None = None) -> tuple[int, bytes]:
    headers = {"Accept": "application/json", "Content-Type": "application/json"}
    if token:
        headers["X-Session-Token"] = token
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=data, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 (loopback)
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def measure(port: int, path: str, token: str, seconds: float) -> tuple[int, float, float, float]:
    for _ in range(3):  # warm caches and connections
        call(port, path, token=token)
    times = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        started = time.perf_counter()
        status, _body = call(port, path, token=token)
        assert status == 200, (path, status)
        times.append(time.perf_counter() - started)
    per_second = len(times) / sum(times)
    p95 = statistics.quantiles(times, n=20)[-1]
    return len(times), per_second, statistics.median(times) * 1000, p95 * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("count", type=int, help="number of requests to seed")
    parser.add_argument("--seconds", type=float, default=10.0, help="time per endpoint")
    parser.add_argument("--port", type=int, default=8766)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Point DATABASE_URL at PostgreSQL; this benchmark is for the real database.")

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    print(f"Seeding {args.count} requests into {connection.settings_dict['NAME']} ...")
    student, _agent, reference = seed(args.count)
    student.set_password(PASSWORD)
    student.save(update_fields=["password"])
    EmailAddress.objects.update_or_create(
        user=student, email=student.email, defaults={"verified": True, "primary": True}
    )
    version = kb_selectors.aup_current_version()
    if version is not None:
        kb_services.aup_accept(user=student, version=version)
    # Measure the endpoints, not the throttle (the server process inherits this).
    os.environ["API_THROTTLE_USER"] = "10000000/min"
    server = subprocess.Popen(
        [sys.executable, "-c", SERVER.format(root=str(ROOT), port=args.port)], cwd=ROOT
    )
    try:
        from core.testing.processes import wait_for_port

        wait_for_port(args.port, timeout=30)
        status, body = call(
            args.port,
            "/_allauth/app/v1/auth/login",
            body={"email": student.email, "password": PASSWORD},
        )
        assert status == 200, body
        token = json.loads(body)["meta"]["session_token"]
        endpoints = [
            ("GET /api/v1/requests/?status=all", "/api/v1/requests/?status=all"),
            ("GET /api/v1/requests/ (open)", "/api/v1/requests/"),
            ("GET /api/v1/requests/{ref}/", f"/api/v1/requests/{reference}/"),
        ]
        print(f"\n{'endpoint':<36} {'calls':>6} {'req/s':>8} {'median ms':>10} {'p95 ms':>8}")
        for name, path in endpoints:
            calls, per_second, median, p95 = measure(args.port, path, token, args.seconds)
            print(f"{name:<36} {calls:>6} {per_second:>8.1f} {median:>10.1f} {p95:>8.1f}")
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
