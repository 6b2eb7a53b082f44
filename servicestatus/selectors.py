"""The status board: what the public page and the banners show, read from one cache key.

The board is built from a handful of queries and cached until something
changes (``board_invalidate`` after commit) or a minute passes (so scheduled
maintenance starts and ends on time without anyone touching it). Under a
storm of visitors the page costs one cache read.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Prefetch, Q

from core import clock
from core.translation import in_language

from .choices import SEVERITY, IncidentKind, ServiceState
from .models import Incident, IncidentUpdate, Service

BOARD_KEY = "servicestatus:board"
BOARD_SECONDS = 60
HISTORY_DAYS = 30


@dataclass(frozen=True)
class UpdateView:
    created_at: datetime
    body_nl: str
    body_en: str
    is_closing: bool

    @property
    def body(self) -> str:
        return in_language(self, "body")


@dataclass(frozen=True)
class IncidentView:
    reference: str
    kind: str
    impact: str
    title_nl: str
    title_en: str
    starts_at: datetime
    ends_at: datetime | None
    resolved_at: datetime | None
    service_slugs: tuple[str, ...]
    category_ids: tuple[int, ...]
    affected_count: int
    updates: tuple[UpdateView, ...]
    # When it was made public (maintenance is announced before it starts).
    announced_at: datetime | None = None

    @property
    def title(self) -> str:
        return in_language(self, "title")

    @property
    def impact_label(self) -> str:
        return ServiceState(self.impact).label

    @property
    def kind_label(self) -> str:
        return IncidentKind(self.kind).label


@dataclass(frozen=True)
class ServiceView:
    slug: str
    name_nl: str
    name_en: str
    state: str
    history: tuple[IncidentView, ...] = field(default=())

    @property
    def name(self) -> str:
        return in_language(self, "name")

    @property
    def state_label(self) -> str:
        return ServiceState(self.state).label


@dataclass(frozen=True)
class Board:
    built_at: datetime
    services: tuple[ServiceView, ...]
    current: tuple[IncidentView, ...]  # open and under way
    scheduled: tuple[IncidentView, ...]  # announced, not begun
    resolved: tuple[IncidentView, ...] = ()  # resolved in the last 30 days, newest first

    @property
    def worst_state(self) -> str:
        states = [service.state for service in self.services] or [ServiceState.OPERATIONAL]
        return max(states, key=lambda state: SEVERITY[ServiceState(state)])

    def current_for_category(self, category_id: int) -> tuple[IncidentView, ...]:
        return tuple(i for i in self.current if category_id in i.category_ids)


def _incident_view(incident: Incident) -> IncidentView:
    return IncidentView(
        reference=incident.reference,
        kind=incident.kind,
        impact=incident.impact,
        title_nl=incident.title_nl,
        title_en=incident.title_en,
        starts_at=incident.starts_at,
        ends_at=incident.ends_at,
        resolved_at=incident.resolved_at,
        service_slugs=tuple(s.slug for s in incident.services.all()),
        category_ids=tuple(
            sorted({c.pk for s in incident.services.all() for c in s.categories.all()})
        ),
        affected_count=incident.affected_total,
        updates=tuple(
            UpdateView(u.created_at, u.body_nl, u.body_en, u.is_closing)
            for u in reversed(incident.updates.all())
        ),
        announced_at=incident.created_at,
    )


def _build(now: datetime) -> Board:
    since = now - timedelta(days=HISTORY_DAYS)
    incidents = [
        _incident_view(incident)
        for incident in (
            Incident.objects.filter(_recent(since))
            .annotate(affected_total=Count("affected", distinct=True))
            .prefetch_related(
                Prefetch("services", queryset=Service.objects.prefetch_related("categories")),
                Prefetch("updates", queryset=IncidentUpdate.objects.order_by("created_at", "pk")),
            )
            .order_by("-starts_at")
        )
    ]
    current = tuple(i for i in incidents if i.resolved_at is None and i.starts_at <= now)
    scheduled = tuple(i for i in incidents if i.resolved_at is None and i.starts_at > now)
    services = []
    for service in Service.objects.all():
        states = [service.state, *(i.impact for i in current if service.slug in i.service_slugs)]
        services.append(
            ServiceView(
                slug=service.slug,
                name_nl=service.name_nl,
                name_en=service.name_en,
                state=max(states, key=lambda state: SEVERITY[ServiceState(state)]),
                history=tuple(
                    i
                    for i in incidents
                    if i.resolved_at is not None and service.slug in i.service_slugs
                ),
            )
        )
    resolved = tuple(i for i in incidents if i.resolved_at is not None)
    return Board(
        built_at=now,
        services=tuple(services),
        current=current,
        scheduled=scheduled,
        resolved=resolved,
    )


def _recent(since: datetime) -> Q:
    return Q(resolved_at__isnull=True) | Q(resolved_at__gte=since)


def status_board() -> Board:
    """The board as the public sees it now (cached; rebuilt at most once a minute)."""
    board = cache.get(BOARD_KEY)
    if board is None:
        board = _build(clock.now())
        cache.set(BOARD_KEY, board, BOARD_SECONDS)
    return board


def board_invalidate() -> None:
    """Forget the cached board now and again once the current transaction commits.

    The second delete removes a board another request may have rebuilt from
    the old rows while this transaction was still open.
    """
    cache.delete(BOARD_KEY)
    transaction.on_commit(lambda: cache.delete(BOARD_KEY))
