"""/healthz reports the database and the broker, and nothing secret."""

import time

import pytest
from django.core.cache import cache

from core.testing.processes import celery_worker, redis_server
from servicedesk import health
from servicedesk.celery import app as celery_app
from servicedesk.tasks import worker_heartbeat


@pytest.fixture
def broker_url():
    """Point the Celery app at another broker for one test, then restore it."""
    original = celery_app.conf.broker_url

    def use(url: str) -> None:
        celery_app.conf.broker_url = url

    yield use
    celery_app.conf.broker_url = original


@pytest.mark.django_db
def test_healthz_is_ok_when_database_and_broker_answer(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"] == "ok"
    assert body["broker"] == "ok"
    assert response["Cache-Control"].startswith("max-age=0")


@pytest.mark.django_db
def test_healthz_answers_503_while_broker_is_down_and_200_when_it_is_back(client, broker_url):
    with redis_server() as port:
        broker_url(f"redis://127.0.0.1:{port}/0")
        assert client.get("/healthz").status_code == 200

    # The private Redis is stopped now: nothing listens on the port.
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "database": "ok",
        "broker": "unavailable",
        "worker": response.json()["worker"],
    }

    with redis_server(port=port):
        assert client.get("/healthz").status_code == 200


@pytest.mark.django_db
def test_healthz_reveals_no_connection_details(client, broker_url):
    broker_url("redis://:s3cret-password@127.0.0.1:1/0")
    body = client.get("/healthz").content.decode()
    assert "s3cret" not in body
    assert "127.0.0.1" not in body
    assert set(client.get("/healthz").json()) == {"status", "database", "broker", "worker"}


def test_healthz_refuses_post(client):
    assert client.post("/healthz").status_code == 405


def wait_for_heartbeat(timeout: float = 30) -> bool:
    deadline = time.monotonic() + timeout
    while cache.get(health.HEARTBEAT_KEY) is None and time.monotonic() < deadline:
        time.sleep(0.2)
    return cache.get(health.HEARTBEAT_KEY) is not None


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_process_runs_the_heartbeat_job(client):
    cache.delete(health.HEARTBEAT_KEY)
    assert client.get("/healthz").json()["worker"] == "unknown"
    with celery_worker():
        assert wait_for_heartbeat(), "the worker never reported ready"
        cache.delete(health.HEARTBEAT_KEY)
        worker_heartbeat.delay()
        assert wait_for_heartbeat(), "the worker did not run the heartbeat job"
    assert client.get("/healthz").json()["worker"] == "ok"


@pytest.mark.django_db
def test_worker_counts_as_stale_after_three_missed_heartbeats(client, time_machine):
    time_machine.move_to("2026-11-24 10:00:00+00:00", tick=False)
    health.record_worker_heartbeat()
    time_machine.move_to("2026-11-24 10:02:59+00:00", tick=False)
    assert client.get("/healthz").json()["worker"] == "ok"
    time_machine.move_to("2026-11-24 10:03:01+00:00", tick=False)
    response = client.get("/healthz")
    assert response.json()["worker"] == "stale"
    assert response.status_code == 200
