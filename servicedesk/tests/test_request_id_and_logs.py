"""The request id (accepted or minted, echoed, carried into Celery), log formats, Sentry."""

import gzip
import json
import logging
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from core.testing.broker import purge_queue
from core.testing.processes import ROOT, worker_environment
from servicedesk.celery import app as celery_app
from servicedesk.log_format import JsonFormatter, RequestIdFilter, logging_config
from servicedesk.request_id import TASK_HEADER, _current

pytestmark = pytest.mark.django_db


def test_a_well_formed_id_is_kept_and_echoed(client):
    response = client.get("/kb/", HTTP_X_REQUEST_ID="proxy-4f1c2a9e-0001")
    assert response.headers["X-Request-ID"] == "proxy-4f1c2a9e-0001"


@pytest.mark.parametrize(
    "sent", ["", "short", "evil\nINFO forged line x", "x" * 200, "ïd-ünicode-1"]
)
def test_a_missing_or_malformed_id_is_replaced_by_a_fresh_one(client, sent):
    headers = {"HTTP_X_REQUEST_ID": sent} if sent else {}
    first = client.get("/kb/", **headers).headers["X-Request-ID"]
    second = client.get("/kb/", **headers).headers["X-Request-ID"]
    assert first != sent and len(first) == 32 and first != second


def test_a_task_queued_during_a_request_carries_its_id():
    purge_queue()
    token = _current.set("req-test-queue-0001")
    try:
        celery_app.send_task("servicedesk.worker_heartbeat")
    finally:
        _current.reset(token)
    with celery_app.connection_for_write() as connection:
        queue = connection.SimpleQueue("celery")
        message = queue.get(block=True, timeout=5)
        message.ack()
        queue.close()
    assert message.headers[TASK_HEADER] == "req-test-queue-0001"


def _record(message: str, **extra) -> logging.LogRecord:
    record = logging.LogRecord("tickets", logging.WARNING, __file__, 1, message, None, None)
    record.__dict__.update(extra)
    return record


def test_json_lines_carry_the_request_id_and_extras():
    record = _record("filed %s", reference="SD-2026-000001")
    record.args = ("SD-2026-000001",)
    token = _current.set("req-json-0000001")
    try:
        RequestIdFilter().filter(record)
    finally:
        _current.reset(token)
    line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "filed SD-2026-000001"
    assert line["request_id"] == "req-json-0000001"
    assert line["level"] == "WARNING" and line["reference"] == "SD-2026-000001"


def test_plain_is_the_default_and_json_is_chosen_by_log_format():
    assert logging_config(log_format="plain", level="INFO")["handlers"]["console"]["formatter"] == (
        "plain"
    )
    assert logging_config(log_format="json", level="INFO")["handlers"]["console"]["formatter"] == (
        "json"
    )


class _Collector(BaseHTTPRequestHandler):
    bodies: list[bytes] = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        if self.headers.get("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
        _Collector.bodies.append(body)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


SENDS_AN_ERROR = """
import django; django.setup()
import sentry_sdk
from django.conf import settings
from servicedesk.request_id import _current
assert settings.SENTRY_ENABLED
_current.set("req-sentry-000001")
def fail(password, requester_email):
    raise RuntimeError("boom")
try:
    fail("hunter2-secret", "student@example.org")
except RuntimeError:
    sentry_sdk.capture_exception()
sentry_sdk.flush(10)
"""


def test_sentry_gets_the_error_with_its_request_id_and_no_secrets():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Collector)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        env = dict(worker_environment()) | {
            "SENTRY_DSN": f"http://publickey@127.0.0.1:{server.server_port}/1"
        }
        subprocess.run([sys.executable, "-c", SENDS_AN_ERROR], cwd=ROOT, env=env, check=True)
    finally:
        server.shutdown()
    sent = b"".join(_Collector.bodies).decode()
    assert "RuntimeError" in sent and "boom" in sent
    assert "req-sentry-000001" in sent
    assert "hunter2-secret" not in sent and "student@example.org" not in sent
