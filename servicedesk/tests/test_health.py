"""/healthz reports the database and the broker, and nothing secret."""

import time

import pytest
from django.core.cache import cache

from servicedesk import health
from servicedesk.celery import app as celery_app
from servicedesk.tasks import worker_heartbeat
from servicedesk.testing.processes import celery_worker, redis_server


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


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_process_runs_the_heartbeat_job(client):
    cache.delete(health.HEARTBEAT_KEY)
    assert client.get("/healthz").json()["worker"] == "unknown"
    with celery_worker():
        worker_heartbeat.delay()
        deadline = time.monotonic() + 30
        while cache.get(health.HEARTBEAT_KEY) is None and time.monotonic() < deadline:
            time.sleep(0.2)
    assert client.get("/healthz").json()["worker"] == "ok"
