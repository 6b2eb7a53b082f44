"""The rollups the services keep equal the rebuild from the audit trail and a brute-force count."""

from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count
from django.db.models.functions import TruncDate
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from insights.models import COUNTERS, DailyRollup
from insights.services.rollups import rollups_compute, rollups_rebuild_all
from tickets import services
from tickets.choices import Channel, TicketStatus
from tickets.models import Ticket
from tickets.tests.factories import CategoryFactory, DeskFactory, ResolverGroupFactory, file_ticket

S = TicketStatus
START = datetime(2026, 3, 2, 7, 30, tzinfo=UTC)  # a Monday

# One request's life: where it came in, and what happens to it, hours apart.
STEPS = st.lists(
    st.tuples(
        st.sampled_from(
            ["reply", "resolve", "reopen", "escalate", "rate", "rerate", "close", "wait"]
        ),
        st.integers(min_value=1, max_value=40),
    ),
    max_size=5,
)
LIVES = st.lists(
    st.tuples(st.sampled_from(list(Channel)), st.integers(0, 1), st.integers(0, 72), STEPS),
    min_size=1,
    max_size=6,
)


def _stored() -> dict:
    rows = DailyRollup.objects.values(
        "day", "desk_id", "category_id", "channel", "priority", *COUNTERS
    )
    out = {}
    for row in rows:
        key = (
            row.pop("day"),
            row.pop("desk_id"),
            row.pop("category_id"),
            row.pop("channel"),
            row.pop("priority"),
        )
        out[key] = Counter({k: v for k, v in row.items() if v})
    return out


def _live(ticket, step, agent, group) -> None:
    """One step through the services, skipped when the request's state does not allow it."""
    ticket.refresh_from_db()
    if ticket.status in (S.CLOSED, S.FORWARDED, S.MERGED):
        return
    if step == "reply":
        services.ticket_reply(ticket=ticket, body="We are on it.", acting_user=agent)
    elif step == "resolve" and ticket.status != S.RESOLVED:
        services.ticket_set_status(ticket=ticket, status=S.RESOLVED, acting_user=agent)
    elif step == "reopen" and ticket.status == S.RESOLVED:
        services.ticket_set_status(ticket=ticket, status=S.IN_PROGRESS, acting_user=agent)
    elif step == "escalate" and ticket.line == "first" and ticket.status != S.RESOLVED:
        services.ticket_escalate(
            ticket=ticket, group=group, note="Needs second line", acting_user=agent
        )
    elif step == "rate" and ticket.status == S.RESOLVED and ticket.rating is None:
        services.ticket_rate(ticket=ticket, score=1 + ticket.pk % 5, comment="ok", acting_user=None)
    elif step == "rerate" and ticket.rating is not None and services.rating_may_change(ticket):
        # The survey lets a requester change the answer within 7 days.
        services.ticket_rate(ticket=ticket, score=6 - ticket.rating, comment="", acting_user=None)
    elif step == "close":
        services.ticket_set_status(ticket=ticket, status=S.CLOSED, acting_user=agent)
    elif step == "wait" and ticket.status != S.RESOLVED:
        services.ticket_set_status(ticket=ticket, status=S.WAITING, acting_user=agent)


@pytest.mark.django_db
@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(lives=LIVES)
def test_incremental_rollups_equal_the_rebuild_and_a_brute_force_count(lives, desk_lead):
    with transaction.atomic():
        desk = DeskFactory()
        categories = [CategoryFactory(default_desk=desk), CategoryFactory(default_desk=desk)]
        group = ResolverGroupFactory(desk=desk)
        for channel, category, offset, steps in lives:
            at = START + timedelta(hours=offset)
            with time_machine.travel(at, tick=False):
                ticket = file_ticket(category=categories[category], channel=channel)
            for step, hours in steps:
                at += timedelta(hours=hours)
                with time_machine.travel(at, tick=False):
                    _live(ticket, step, desk_lead, group)

        incremental = _stored()
        rebuilt = {
            key: Counter({k: v for k, v in counts.items() if v})
            for key, counts in rollups_compute(
                first=START.date() - timedelta(days=1), last=START.date() + timedelta(days=30)
            ).items()
        }
        assert incremental == {k: v for k, v in rebuilt.items() if v}

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
        for (day, _desk, _cat, channel, _prio), counts in incremental.items():
            if counts["filed"]:
                summed[(day, channel)] += counts["filed"]
        assert summed == brute
        open_now = Ticket.objects.filter(status__in=[S.NEW, S.IN_PROGRESS, S.WAITING]).count()
        # Satisfaction: one answer per rated request, "good" as it stands now.
        rated = Ticket.objects.filter(rating__isnull=False)
        assert sum(c["rated"] for c in incremental.values()) == rated.count()
        good = rated.filter(rating__gte=4).count()
        assert sum(c["rated_good"] for c in incremental.values()) == good
        assert sum(c["open_delta"] for c in incremental.values()) == open_now
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_rebuild_command_replaces_wrong_rows_with_the_source(desk_lead, capsys):
    category = CategoryFactory()
    with time_machine.travel(START, tick=False):
        ticket = file_ticket(category=category, channel=Channel.MAIL)
    with time_machine.travel(START + timedelta(hours=2), tick=False):
        services.ticket_set_status(ticket=ticket, status=S.RESOLVED, acting_user=desk_lead)
    before = _stored()
    DailyRollup.objects.update(filed=99)  # damage

    call_command("rebuild_rollups")

    assert _stored() == before
    assert "rollup rows written" in capsys.readouterr().out
    assert rollups_rebuild_all() == len(before)
