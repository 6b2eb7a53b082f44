"""The agent workspace's views of the queue ("New", "Mine", ...) and their counts.

Every view is a condition on top of ``access.tickets_visible_to(user)``, so
a view never shows, and a count never counts, a request the agent may not
see. Each condition matches one of the partial indexes named ``tickets_view_*``
on ``Ticket``, and counts are capped (``COUNT`` over ``LIMIT cap + 1``), so a
count costs the same at a thousand requests as at a million.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import connections, transaction
from django.db.models import Q, QuerySet, Value
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core import clock
from tickets import access
from tickets.choices import OPEN_STATUSES, Line, TicketStatus
from tickets.models import Desk, ResolverGroup, SavedView, Ticket

COUNT_CAP = 99  # shown as "99+": an agent needs "many", not an exact figure
DUE_SOON = timedelta(hours=4)
OPEN = Q(status__in=sorted(OPEN_STATUSES))


@dataclass(frozen=True)
class View:
    """One named view: a key for the URL, a label, its condition and its natural order."""

    key: str
    label: str
    condition: Callable[[User, datetime], Q]
    ordering: tuple[str, ...] = ("-updated_at", "-id")


def _mine(user: User) -> tuple[list[int], list[int]]:
    """The ids of the user's desks and resolver groups, read once per request (one query).

    The views name them as literal values (on top of the access scope, which
    still decides), so PostgreSQL can walk the matching partial index in
    order instead of filtering a semi-join: that keeps a list of a million
    requests at one index range.
    """
    cached = getattr(user, "_tickets_queue_ids", None)
    if cached is None:
        desks = Desk.agents.through.objects.filter(user_id=user.pk)
        groups = ResolverGroup.members.through.objects.filter(user_id=user.pk)
        rows = (
            desks.annotate(kind=Value("desk"))
            .values_list("kind", "desk_id")
            .union(
                groups.annotate(kind=Value("group")).values_list("kind", "resolvergroup_id"),
                all=True,
            )
        )
        cached = ([], [])
        for kind, pk in rows:
            cached[0 if kind == "desk" else 1].append(pk)
        user._tickets_queue_ids = cached
    return cached


def _my_desks(user: User) -> Q:
    if access.staff_sees_everything(user):
        return Q()
    return Q(desk__in=_mine(user)[0])


BUILT_IN: tuple[View, ...] = (
    View(
        "new",
        _("New"),
        lambda user, now: (
            _my_desks(user) & Q(status=TicketStatus.NEW, assignee__isnull=True, line=Line.FIRST)
        ),
    ),
    View("mine", _("Mine"), lambda user, now: OPEN & Q(assignee=user)),
    View(
        "waiting_for_me",
        _("Waiting for me"),
        lambda user, now: OPEN & Q(assignee=user, requester_replied_at__isnull=False),
    ),
    View(
        "due_soon",
        _("Due soon"),
        lambda user, now: (
            OPEN & Q(resolution_due_at__gte=now, resolution_due_at__lt=now + DUE_SOON)
        ),
        ordering=("resolution_due_at", "id"),
    ),
    View(
        "breached",
        _("Breached"),
        lambda user, now: OPEN & Q(resolution_due_at__lt=now),
        ordering=("resolution_due_at", "id"),
    ),
    View(
        "escalated",
        _("Escalated to my group"),
        lambda user, now: OPEN & Q(line=Line.SECOND, resolver_group__in=_mine(user)[1]),
    ),
    View(
        "waiting_for_requester",
        _("Waiting for requester"),
        lambda user, now: Q(status=TicketStatus.WAITING),
    ),
    View("all_open", _("All open"), lambda user, now: OPEN),
)
BY_KEY = {view.key: view for view in BUILT_IN}
SAVED_PREFIX = "saved-"


def saved_views_for(user: User) -> list[SavedView]:
    """The saved views of the desks this agent works (every desk's for the lead). One query."""
    views = SavedView.objects.select_related("desk")
    if not access.staff_sees_everything(user):
        views = views.filter(desk__in=user.desks.values("pk"))
    return list(views)


def _saved_condition(saved: SavedView) -> Q:
    condition = Q(desk=saved.desk_id)
    condition &= Q(status=saved.status) if saved.status else OPEN
    if saved.priority:
        condition &= Q(priority=saved.priority)
    if saved.line:
        condition &= Q(line=saved.line)
    if saved.unassigned_only:
        condition &= Q(assignee__isnull=True)
    return condition


def views_for(user: User) -> list[tuple[str, str, Q]]:
    """(key, label, condition) of every view this agent has: the built-in ones, then saved."""
    now = clock.now()
    views = [(view.key, view.label, view.condition(user, now)) for view in BUILT_IN]
    for saved in saved_views_for(user):
        views.append((f"{SAVED_PREFIX}{saved.pk}", saved.name, _saved_condition(saved)))
    return views


def view_condition(user: User, key: str) -> Q | None:
    """The condition of one view by its key; None for an unknown key (or another desk's view)."""
    if key in BY_KEY:
        return BY_KEY[key].condition(user, clock.now())
    if key.startswith(SAVED_PREFIX) and key[len(SAVED_PREFIX) :].isdigit():
        pk = int(key[len(SAVED_PREFIX) :])
        saved = next((s for s in saved_views_for(user) if s.pk == pk), None)
        return _saved_condition(saved) if saved else None
    return None


def view_ordering(key: str) -> tuple[str, ...] | None:
    """The order a view lists in (most urgent first for the SLA views); None if unknown."""
    view = BY_KEY.get(key)
    return view.ordering if view else None


def view_tickets(user: User, key: str) -> QuerySet[Ticket]:
    """The requests of one view, scoped by the access rules; none for an unknown key."""
    condition = view_condition(user, key)
    if condition is None:
        return Ticket.objects.none()
    return access.tickets_visible_to(user).filter(condition)


def view_counts(user: User, cap: int = COUNT_CAP) -> list[dict]:
    """Every view with its count, capped: ``[{"key", "label", "count", "capped"}]``.

    One saved-views query, then one statement for all the counts: each view
    is a bounded ``COUNT`` (over ``LIMIT cap + 1`` of its partial index) in a
    scalar subquery, so the database walks the same index ranges as with one
    query per view, and the page pays one round trip and one planning instead
    of one per view (issue 23: the staff list's queries).
    """
    visible = access.tickets_visible_to(user)
    views = views_for(user)
    parts, params = [], []
    for number, (_key, _label, condition) in enumerate(views):
        bounded = visible.filter(condition).order_by().values("pk")[: cap + 1]
        try:
            sql, view_params = bounded.query.sql_with_params()
        except EmptyResultSet:  # e.g. "escalated to my group" for someone in no group
            parts.append("0")
            continue
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) AS view_{number})")  # noqa: S608
        params.extend(view_params)
    counts = []
    if parts:
        with connections[visible.db].cursor() as cursor:
            cursor.execute("SELECT " + ", ".join(parts), params)
            counts = list(cursor.fetchone())
    return [
        {"key": key, "label": str(label), "count": min(count, cap), "capped": count > cap}
        for (key, label, _condition), count in zip(views, counts, strict=True)
    ]


# The tabs' counts on the list page, kept per agent and language until
# something they count changes. Every load of the list (paging, sorting,
# filtering, coming back from a request) showed the same counts at the cost
# of eight capped counts compiled and run (a fifth of the page, issue 23).
# ``queues_changed`` (tickets.receivers: a request saved or deleted, a saved
# view, a desk's or group's members, a user's roles) makes every cached
# count stale at once; the due-soon and breached views also move with the
# clock, which ``COUNTS_SECONDS`` bounds (the open page re-polls the live
# counts every 45 s).
COUNTS_KEY = "tickets:view-counts:{user}:{language}"
COUNTS_SECONDS = 30
CHANGED_KEY = "tickets:queues-changed"


def view_counts_remembered(user: User) -> list[dict]:
    """``view_counts(user)`` from the cache while nothing they count has changed."""
    key = COUNTS_KEY.format(user=user.pk, language=get_language())
    found = cache.get_many([CHANGED_KEY, key])
    changed = found.get(CHANGED_KEY, 0)
    remembered = found.get(key)
    if remembered is not None and remembered[0] == changed:
        return remembered[1]
    counts = view_counts(user)
    cache.set(key, (changed, counts), COUNTS_SECONDS)
    return counts


def queues_changed() -> None:
    """Make every remembered count stale, now and once the current transaction commits.

    The second mark covers counts another request computed from the old rows
    while this transaction was still open.
    """

    def mark() -> None:
        cache.set(CHANGED_KEY, time.time_ns(), None)

    mark()
    transaction.on_commit(mark)
