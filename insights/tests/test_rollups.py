"""The rollups the services keep equal the rebuild from the audit trail and a brute-force count.

Lives of a few requests are generated (hypothesis) and played through the
real services, moves to another desk, priority or line included; then the
rows kept live must equal the rows rebuilt from the audit trail, and the
dashboard's median and 90th percentile must equal a brute-force percentile
over the requests' exact business durations, to the business minute.
"""

from collections import Counter
from datetime import UTC, datetime, timedelta
from math import ceil

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count
from django.db.models.functions import TruncDate
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from insights.forms import Period
from insights.models import AppointmentDay, DailyRollup, DurationDay, ForwardDay
from insights.selectors import duration_percentiles
from insights.services.rollups import (
    KEY_FIELDS,
    business_minutes,
    rollups_compute,
    rollups_rebuild_all,
)
from tickets import selectors as ticket_selectors
from tickets import services
from tickets.choices import FINAL_STATUSES, Channel, TicketStatus
from tickets.models import Ticket, TicketEvent
from tickets.tests.factories import (
    CategoryFactory,
    DeskFactory,
    OfficeFactory,
    ResolverGroupFactory,
    StandardAnswerFactory,
    file_ticket,
)

START = datetime(2026, 3, 2, 7, 30, tzinfo=UTC)  # a Monday

# One request's life: where it came in, and what happens to it, hours apart.
STEPS = st.lists(
    st.tuples(
        st.sampled_from(
            [
                "reply",
                "resolve",
                "reopen",
                "escalate",
                "return",
                "rate",
                "rerate",
                "close",
                "wait",
                "move",
                "priority",
                "forward",
            ]
        ),
        st.integers(min_value=1, max_value=40),
    ),
    max_size=6,
)
LIVES = st.lists(
    st.tuples(st.sampled_from(list(Channel)), st.integers(0, 1), st.integers(0, 72), STEPS),
    min_size=1,
    max_size=6,
)


def _stored() -> dict:
    """Every counter row of the four rollup tables, keyed as ``rollups_compute`` keys them."""
    out = {}
    for model, names in KEY_FIELDS.items():
        counters = [f.name for f in model._meta.concrete_fields if f.attname not in (*names, "id")]
        for row in model.objects.values(*names, *counters):
            key = tuple(row.pop(name) for name in names)
            counts = Counter({k: v for k, v in row.items() if v})
            if counts:  # a row a move emptied is as good as none
                out[(model, key)] = counts
    return out


def _computed(**days) -> dict:
    return {
        key: Counter({k: v for k, v in counts.items() if v})
        for key, counts in rollups_compute(**days).items()
        if any(counts.values())
    }


def _nearest_rank(values: list[float], share: float) -> float | None:
    """The brute-force percentile: the smallest value with ``share`` of all at or below it."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(ceil(share * len(ordered)), 1) - 1]


def _live(ticket, step, agent, group, world) -> None:
    """One step through the services, skipped when the request's state does not allow it."""
    ticket.refresh_from_db()
    if ticket.status in FINAL_STATUSES:
        return
    if step == "reply":
        services.ticket_reply(ticket=ticket, body="We are on it.", acting_user=agent)
    elif step == "resolve" and ticket.status != TicketStatus.RESOLVED:
        services.ticket_set_status(ticket=ticket, status=TicketStatus.RESOLVED, acting_user=agent)
    elif step == "reopen" and ticket.status == TicketStatus.RESOLVED:
        services.ticket_set_status(
            ticket=ticket, status=TicketStatus.IN_PROGRESS, acting_user=agent
        )
    elif step == "escalate" and ticket.line == "first" and ticket.status != TicketStatus.RESOLVED:
        services.ticket_escalate(
            ticket=ticket, group=group, note="Needs second line", acting_user=agent
        )
    elif step == "rate" and ticket.status == TicketStatus.RESOLVED and ticket.rating is None:
        services.ticket_rate(ticket=ticket, score=1 + ticket.pk % 5, comment="ok", acting_user=None)
    elif step == "rerate" and ticket.rating is not None and services.rating_may_change(ticket):
        # The survey lets a requester change the answer within 7 days.
        services.ticket_rate(ticket=ticket, score=6 - ticket.rating, comment="", acting_user=None)
    elif step == "return" and ticket.line == "second" and ticket.status != TicketStatus.RESOLVED:
        services.ticket_return_to_first_line(ticket=ticket, note="Yours", acting_user=agent)
    elif step == "move" and ticket.status != TicketStatus.RESOLVED:
        # To the category of the other desk (and back): the desk changes.
        other = next(c for c in world["categories"] if c.desk_pk != ticket.desk_id)
        services.ticket_recategorise(
            ticket=ticket, category=other, note="Wrong desk", acting_user=agent
        )
    elif step == "priority":
        services.ticket_set_priority(
            ticket=ticket, priority=1 + ticket.priority % 4, acting_user=agent
        )
    elif step == "forward" and ticket.status in (TicketStatus.NEW, TicketStatus.IN_PROGRESS):
        services.ticket_forward_to_office(
            ticket=ticket,
            office=world["offices"][ticket.pk % 2],
            answer=world["answer"],
            acting_user=agent,
        )
    elif step == "close":
        services.ticket_set_status(ticket=ticket, status=TicketStatus.CLOSED, acting_user=agent)
    elif step == "wait" and ticket.status != TicketStatus.RESOLVED:
        services.ticket_set_status(ticket=ticket, status=TicketStatus.WAITING, acting_user=agent)


@pytest.mark.django_db
@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(lives=LIVES)
def test_incremental_rollups_equal_the_rebuild_and_a_brute_force_count(lives, desk_lead):
    with transaction.atomic():
        desk, other_desk = DeskFactory(), DeskFactory()
        other_desk.agents.add(desk_lead)
        categories = [CategoryFactory(default_desk=desk), CategoryFactory(default_desk=other_desk)]
        for category in categories:
            category.desk_pk = category.default_desk_id
        group = ResolverGroupFactory(desk=desk)
        world = {
            "categories": categories,
            "offices": [OfficeFactory(), OfficeFactory()],
            "answer": StandardAnswerFactory(),
        }
        for channel, category, offset, steps in lives:
            at = START + timedelta(hours=offset)
            with time_machine.travel(at, tick=False):
                ticket = file_ticket(category=categories[category], channel=channel)
            for step, hours in steps:
                at += timedelta(hours=hours)
                with time_machine.travel(at, tick=False):
                    _live(ticket, step, desk_lead, group, world)

        incremental = _stored()
        days = {
            "first": START.date() - timedelta(days=1),
            "last": START.date() + timedelta(days=30),
        }
        assert incremental == _computed(**days)
        daily = {key: c for (model, key), c in incremental.items() if model is DailyRollup}
        forwards = sum(c["forwarded"] for (m, _k), c in incremental.items() if m is ForwardDay)
        assert forwards == Ticket.objects.filter(status=TicketStatus.FORWARDED).count()
        _assert_percentiles_exact(Period(**days))

        # Brute force: requests filed per local day and channel, and open now.
        brute = Counter(
            {
                (row["day"], row["channel"]): row["n"]
                for row in Ticket.objects.annotate(
                    day=TruncDate("created_at", tzinfo=timezone.get_current_timezone())
                )
                .values("day", "channel")
                .annotate(n=Count("pk"))
            }
        )
        summed = Counter()
        for (day, _desk, _cat, channel, _prio, _line), counts in daily.items():
            if counts["filed"]:
                summed[(day, channel)] += counts["filed"]
        assert summed == brute
        open_now = Ticket.objects.filter(
            status__in=[TicketStatus.NEW, TicketStatus.IN_PROGRESS, TicketStatus.WAITING]
        ).count()
        # Satisfaction: one answer per rated request, "good" as it stands now.
        rated = Ticket.objects.filter(rating__isnull=False)
        assert sum(c["rated"] for c in daily.values()) == rated.count()
        good = rated.filter(rating__gte=4).count()
        assert sum(c["rated_good"] for c in daily.values()) == good
        assert sum(c["open_delta"] for c in daily.values()) == open_now
        # The backlog per desk and line is where the open requests are now.
        backlog = Counter()
        for (_day, desk_id, _cat, _ch, _prio, line), counts in daily.items():
            backlog[(desk_id, line)] += counts["open_delta"]
        live = Counter(
            (t.desk_id, t.line)
            for t in Ticket.objects.filter(
                status__in=[TicketStatus.NEW, TicketStatus.IN_PROGRESS, TicketStatus.WAITING]
            )
        )
        assert +backlog == live
        transaction.set_rollback(True)


def _assert_percentiles_exact(period: Period) -> None:
    """Median and p90 per desk (and all) equal the brute force, rounded up to the minute."""
    calendar = ticket_selectors.business_calendar()
    exact: dict = {}
    for ticket in Ticket.objects.all():
        if ticket.first_response_at:
            minutes = business_minutes(ticket.created_at, ticket.first_response_at, calendar)
            for desk in (ticket.desk_id, None):
                exact.setdefault((desk, "frt"), []).append(minutes)
        resolutions = TicketEvent.objects.filter(
            ticket=ticket, type=TicketEvent.Type.STATUS_CHANGED, data__new=TicketStatus.RESOLVED
        )
        for event in resolutions:
            minutes = business_minutes(ticket.created_at, event.created_at, calendar)
            for desk in (ticket.desk_id, None):
                exact.setdefault((desk, "res"), []).append(minutes)
    found = duration_percentiles(None, period)
    assert set(found) == set(exact)
    for key, values in exact.items():
        count, median, p90 = found[key]
        assert count == len(values)
        for share, got in ((0.5, median), (0.9, p90)):
            truth = _nearest_rank(values, share)
            assert got == ceil(round(truth, 6)), (key, share, sorted(values))
            assert truth - 1e-6 <= got < truth + 1  # within one business minute


@pytest.mark.django_db
def test_rebuild_command_replaces_wrong_rows_with_the_source(desk_lead, capsys):
    category = CategoryFactory()
    with time_machine.travel(START, tick=False):
        ticket = file_ticket(category=category, channel=Channel.MAIL)
    with time_machine.travel(START + timedelta(hours=2), tick=False):
        services.ticket_set_status(
            ticket=ticket, status=TicketStatus.RESOLVED, acting_user=desk_lead
        )
    before = _stored()
    DailyRollup.objects.update(filed=99)  # damage
    DurationDay.objects.update(count=7)
    AppointmentDay.objects.all().delete()

    call_command("rebuild_rollups")

    assert _stored() == before
    assert "rollup rows written" in capsys.readouterr().out
    assert rollups_rebuild_all() == len(before)


@pytest.mark.django_db
def test_a_request_moved_to_another_desk_takes_its_counts_along_at_once(desk_lead):
    """No nightly repair needed: right after the move, live rows equal the rebuild."""
    here, there = DeskFactory(), DeskFactory()
    there.agents.add(desk_lead)
    wifi, printing = CategoryFactory(default_desk=here), CategoryFactory(default_desk=there)
    with time_machine.travel(START, tick=False):
        ticket = file_ticket(category=wifi, channel=Channel.WEB)
        services.ticket_reply(ticket=ticket, body="Looking", acting_user=desk_lead)
    with time_machine.travel(START + timedelta(days=1), tick=False):
        services.ticket_set_status(
            ticket=ticket, status=TicketStatus.RESOLVED, acting_user=desk_lead
        )
        services.ticket_rate(ticket=ticket, score=5, comment="", acting_user=None)
        services.ticket_set_status(
            ticket=ticket, status=TicketStatus.IN_PROGRESS, acting_user=desk_lead
        )
    with time_machine.travel(START + timedelta(days=2), tick=False):
        services.ticket_recategorise(
            ticket=ticket, category=printing, note="Printing desk", acting_user=desk_lead
        )
    stored = _stored()
    assert stored == _computed(first=START.date(), last=START.date() + timedelta(days=3))
    desks = {key[1] for (_model, key) in stored}
    assert desks == {there.pk}
    daily = [c for (m, k), c in stored.items() if m is DailyRollup]
    assert sum(c["filed"] for c in daily) == 1 and sum(c["open_delta"] for c in daily) == 1
