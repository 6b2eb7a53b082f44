"""Prometheus metrics at /metrics: what an operator graphs and alerts on.

Two kinds of numbers:

* counted in the web process: response times per view (a histogram labelled
  with the URL pattern's name, so a few dozen series, never one per URL) and
  responses per view and status class, by ``MetricsMiddleware``;
* read from the database and the broker when scraped (``PortalCollector``):
  open requests per desk and status, the outbox's queue length and the age of
  its oldest waiting mail, failed mails, inbound mails held for first line,
  and the Celery queue's length when the broker is Redis (absent on the
  filesystem broker). The queries are grouped counts on indexed, small sets
  (open requests, ready/failed mails, held mails), and their result is cached
  for ``METRICS_CACHE_SECONDS`` so frequent scrapes by several Prometheus
  servers cost one round of queries per period.

With several gunicorn workers each process counts on its own; set
``PROMETHEUS_MULTIPROC_DIR`` to an empty directory shared by the workers
(prometheus-client's multiprocess mode) and the scrape adds them up. The
endpoint answers 404 unless ``METRICS_TOKEN`` (sent as ``Authorization:
Bearer``) and/or ``METRICS_ALLOWED_IPS`` is set; when both are set, both must
hold.
"""

import hmac
import ipaddress
import os
import time
from collections.abc import Callable, Iterator

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Min
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from core.ratelimit import client_ip

CACHE_KEY = "metrics:portal"

RESPONSE_SECONDS = Histogram(
    "servicedesk_http_response_seconds",
    "Time to answer a request, per view (URL pattern name).",
    ["view"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
RESPONSES = Counter(
    "servicedesk_http_responses",
    "Answers per view and status class (2xx, 3xx, 4xx, 5xx).",
    ["view", "status"],
)


def _view_name(request: HttpRequest) -> str:
    match = getattr(request, "resolver_match", None)
    if match is None:
        return "<unresolved>"
    return match.view_name or "<unnamed>"


class MetricsMiddleware:
    """Times every answer and counts it by view and status class."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        view = _view_name(request)
        if view != "metrics":
            RESPONSE_SECONDS.labels(view).observe(time.perf_counter() - started)
            RESPONSES.labels(view, f"{response.status_code // 100}xx").inc()
        return response


def _portal_numbers() -> dict:
    """The database's numbers, one grouped query each (see the module docstring)."""
    from mailin.models import InboundMessage
    from notifications.models import OutboxMail
    from tickets.choices import OPEN_STATUSES
    from tickets.models import Ticket

    open_tickets = [
        (row["desk__slug"] or "", row["status"], row["n"])
        for row in Ticket.objects.filter(status__in=sorted(OPEN_STATUSES))
        .values("desk__slug", "status")
        .annotate(n=Count("id"))
        .order_by()
    ]
    outbox = {
        row["status"]: (row["n"], row["oldest"])
        for row in OutboxMail.objects.filter(
            status__in=[OutboxMail.Status.READY, OutboxMail.Status.FAILED]
        )
        .values("status")
        .annotate(n=Count("id"), oldest=Min("created_at"))
        .order_by()
    }
    ready, oldest = outbox.get(OutboxMail.Status.READY, (0, None))
    return {
        "open_tickets": open_tickets,
        "outbox_ready": ready,
        "outbox_oldest": oldest.timestamp() if oldest else None,
        "outbox_failed": outbox.get(OutboxMail.Status.FAILED, (0, None))[0],
        "inbound_held": InboundMessage.objects.filter(status=InboundMessage.Status.HELD).count(),
    }


def _celery_queue_length() -> int | None:
    """Messages waiting in the default Celery queue, when the broker is Redis."""
    url = settings.CELERY_BROKER_URL
    if not url.startswith(("redis://", "rediss://")):
        return None
    import redis

    client = redis.Redis.from_url(url, socket_timeout=2)
    try:
        return int(client.llen(getattr(settings, "CELERY_TASK_DEFAULT_QUEUE", "celery")))
    finally:
        client.close()


class PortalCollector(Collector):
    """Reads the portal's queues when scraped (cached for METRICS_CACHE_SECONDS)."""

    def collect(self) -> Iterator[GaugeMetricFamily]:
        numbers = cache.get(CACHE_KEY)
        if numbers is None:
            numbers = {**_portal_numbers(), "celery_queue": _celery_queue_length()}
            cache.set(CACHE_KEY, numbers, settings.METRICS_CACHE_SECONDS)
        tickets = GaugeMetricFamily(
            "servicedesk_open_requests",
            "Open requests (new, in progress, waiting) per desk and status.",
            labels=["desk", "status"],
        )
        for desk, status, count in numbers["open_tickets"]:
            tickets.add_metric([desk, status], count)
        yield tickets
        yield GaugeMetricFamily(
            "servicedesk_outbox_ready_mails",
            "Mails in the outbox waiting to be sent (status ready).",
            value=numbers["outbox_ready"],
        )
        oldest = numbers["outbox_oldest"]
        yield GaugeMetricFamily(
            "servicedesk_outbox_oldest_ready_age_seconds",
            "Age of the oldest mail waiting in the outbox; 0 when none waits.",
            value=max(0.0, timezone.now().timestamp() - oldest) if oldest else 0.0,
        )
        yield GaugeMetricFamily(
            "servicedesk_outbox_failed_mails",
            "Mails that could not be delivered (status failed).",
            value=numbers["outbox_failed"],
        )
        yield GaugeMetricFamily(
            "servicedesk_inbound_held_mails",
            "Inbound mails held for first line.",
            value=numbers["inbound_held"],
        )
        if numbers["celery_queue"] is not None:
            yield GaugeMetricFamily(
                "servicedesk_celery_queue_length",
                "Tasks waiting in the Celery queue (Redis broker only).",
                value=numbers["celery_queue"],
            )


def _registry() -> CollectorRegistry:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    else:
        registry = REGISTRY
    return registry


_PORTAL = PortalCollector()


def _allowed(request: HttpRequest) -> bool:
    token, networks = settings.METRICS_TOKEN, settings.METRICS_ALLOWED_IPS
    if not token and not networks:
        raise Http404
    if token:
        header = request.headers.get("Authorization", "")
        given = header.removeprefix("Bearer ") if header.startswith("Bearer ") else ""
        if not hmac.compare_digest(given.encode(), token.encode()):
            return False
    if networks:
        try:
            address = ipaddress.ip_address(client_ip(request))
        except ValueError:
            return False
        if not any(address in ipaddress.ip_network(net, strict=False) for net in networks):
            return False
    return True


@never_cache
def metrics(request: HttpRequest) -> HttpResponse:
    """The Prometheus text format; 404 when not configured, 403 for a stranger."""
    if not _allowed(request):
        response = HttpResponse("Forbidden\n", status=403, content_type="text/plain")
        if settings.METRICS_TOKEN:
            response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    registry = _registry()
    body = generate_latest(registry) + generate_latest(_single(_PORTAL))
    return HttpResponse(body, content_type=CONTENT_TYPE_LATEST)


def _single(collector: Collector) -> CollectorRegistry:
    registry = CollectorRegistry(auto_describe=False)
    registry.register(collector)
    return registry
