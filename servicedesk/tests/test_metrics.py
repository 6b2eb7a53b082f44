"""/metrics: Prometheus can parse it, strangers cannot read it, queries stay constant."""

import pytest
from django.core.cache import cache
from django.test import Client
from prometheus_client.parser import text_string_to_metric_families

from notifications.models import OutboxMail
from servicedesk.metrics import CACHE_KEY
from tickets.tests.factories import CategoryFactory, file_ticket

pytestmark = pytest.mark.django_db

TOKEN = "metrics-test-token-7f3a"


@pytest.fixture
def token(settings):
    settings.METRICS_TOKEN = TOKEN
    settings.METRICS_ALLOWED_IPS = []
    cache.delete(CACHE_KEY)
    return TOKEN


def _scrape(token: str = TOKEN, **extra):
    return Client().get("/metrics", HTTP_AUTHORIZATION=f"Bearer {token}", **extra)


def _samples(response) -> dict:
    families = text_string_to_metric_families(response.content.decode())
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in families
        for sample in family.samples
    }


def test_without_token_or_allow_list_metrics_do_not_exist(settings):
    settings.METRICS_TOKEN, settings.METRICS_ALLOWED_IPS = "", []
    assert Client().get("/metrics").status_code == 404


def test_a_wrong_or_missing_token_is_refused(token):
    assert _scrape("wrong-token").status_code == 403
    missing = Client().get("/metrics")
    assert missing.status_code == 403
    assert missing["WWW-Authenticate"].startswith("Bearer")
    assert b"servicedesk_" not in missing.content


def test_allow_list_admits_its_network_only(settings):
    settings.METRICS_TOKEN = ""
    settings.METRICS_ALLOWED_IPS = ["10.0.0.0/8"]
    assert Client().get("/metrics").status_code == 403  # the test client is 127.0.0.1
    settings.METRICS_ALLOWED_IPS = ["127.0.0.0/8"]
    assert Client().get("/metrics").status_code == 200


def test_scrape_parses_and_counts_the_portals_queues(token, student, settings):
    category = CategoryFactory()
    file_ticket(student, category=category)
    Client().get("/healthz")
    response = _scrape()
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    samples = _samples(response)
    desk = category.default_desk.slug
    assert samples[("servicedesk_open_requests", (("desk", desk), ("status", "new")))] == 1
    ready = OutboxMail.objects.filter(status=OutboxMail.Status.READY).count()
    assert ready >= 1
    assert samples[("servicedesk_outbox_ready_mails", ())] == ready
    assert samples[("servicedesk_outbox_oldest_ready_age_seconds", ())] >= 0
    assert samples[("servicedesk_outbox_failed_mails", ())] == 0
    assert samples[("servicedesk_inbound_held_mails", ())] == 0
    has_celery = ("servicedesk_celery_queue_length", ()) in samples
    assert has_celery == settings.CELERY_BROKER_URL.startswith("redis")
    healthz = ("servicedesk_http_response_seconds_count", (("view", "healthz"),))
    assert samples[healthz] >= 1


def test_scrape_queries_are_constant_in_data_size(token, student, django_assert_num_queries):
    category = CategoryFactory()
    file_ticket(student, category=category)
    with django_assert_num_queries(3):
        assert _scrape().status_code == 200
    for _ in range(10):
        file_ticket(student, category=category)
    cache.delete(CACHE_KEY)
    with django_assert_num_queries(3):
        samples = _samples(_scrape())
    desk = category.default_desk.slug
    assert samples[("servicedesk_open_requests", (("desk", desk), ("status", "new")))] == 11
    # Within METRICS_CACHE_SECONDS a second scrape asks the database nothing.
    with django_assert_num_queries(0):
        assert _scrape().status_code == 200
