"""How alerts leave: preferences, coalescing, the daily digest, SLA warnings, query counts."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts import roles
from accounts.tests.factories import StaffFactory
from alerts.models import AlertBatch, AlertDigest, AlertEvent, AlertKind, AlertMode
from alerts.selectors import alert_modes_for
from alerts.services import (
    alert_digests_send,
    alert_preferences_set,
    alert_record,
    alerts_warn_sla,
)
from tickets import services
from tickets.tests.factories import CategoryFactory, file_ticket

from .helpers import alert_mails, fan_out_all, send_due_batches

pytestmark = pytest.mark.django_db
K = AlertKind
TUESDAY_10 = datetime(2026, 11, 24, 9, tzinfo=UTC)  # 10:00 in Brussels


def sla_mails(user):
    return [mail for mail in alert_mails(user) if "SLA" in mail.subject]


def test_off_sends_nothing_and_digest_waits_for_the_digest(student, agent1, category):
    alert_preferences_set(user=agent1, modes={K.NEW_REQUEST: AlertMode.OFF}, acting_user=agent1)
    file_ticket(student, category=category)
    fan_out_all()
    send_due_batches()
    assert alert_mails(agent1) == []

    alert_preferences_set(user=agent1, modes={K.NEW_REQUEST: AlertMode.DIGEST}, acting_user=agent1)
    file_ticket(student, category=category)
    fan_out_all()
    send_due_batches()
    assert alert_mails(agent1) == []
    assert alert_digests_send() == 1
    [digest] = alert_mails(agent1)
    assert digest.event == "alert_digest"


def test_the_lead_cannot_switch_breach_alerts_off(desk_lead, agent1):
    with pytest.raises(ValidationError):
        alert_preferences_set(
            user=desk_lead, modes={K.SLA_BREACHED: AlertMode.OFF}, acting_user=desk_lead
        )
    assert alert_modes_for(desk_lead)[K.SLA_BREACHED] == AlertMode.IMMEDIATE
    # An agent may.
    alert_preferences_set(user=agent1, modes={K.SLA_BREACHED: AlertMode.OFF}, acting_user=agent1)
    assert alert_modes_for(agent1)[K.SLA_BREACHED] == AlertMode.OFF


def test_a_lead_who_was_made_lead_after_switching_off_still_gets_breaches(
    student, agent1, category
):
    boss = StaffFactory(username="boss", roles=[roles.FIRST_LINE_AGENT])
    alert_preferences_set(user=boss, modes={K.SLA_BREACHED: AlertMode.OFF}, acting_user=boss)
    from django.contrib.auth.models import Group

    boss.groups.add(Group.objects.get(name=roles.SERVICEDESK_LEAD))
    ticket = file_ticket(student, category=category)
    alert_record(kind=K.SLA_BREACHED, ticket=ticket)
    fan_out_all()
    send_due_batches()
    assert [mail.event for mail in alert_mails(boss)] == ["alert_request"]


def test_nobody_changes_someone_elses_alerts(agent1, agent2):
    with pytest.raises(ValidationError):
        alert_preferences_set(user=agent1, modes={K.NEW_REQUEST: AlertMode.OFF}, acting_user=agent2)


def test_a_burst_coalesces_into_one_mail_now_and_one_at_the_window_end(
    student, agent1, category, settings
):
    settings.ALERTS_COALESCE_WINDOW = 300
    file_ticket(student, category=category)
    fan_out_all()
    send_due_batches()
    assert len(alert_mails(agent1)) == 1  # the first after a quiet window leaves at once
    tickets = [file_ticket(student, category=category) for _ in range(5)]
    fan_out_all()
    first, second = AlertBatch.objects.filter(recipient=agent1).order_by("due_at")
    assert second.due_at - first.due_at == timedelta(seconds=300)
    send_due_batches()
    assert len(alert_mails(agent1)) == 1  # the rest wait for the window's end
    send_due_batches(now=timezone.now() + timedelta(seconds=301))
    mails = alert_mails(agent1)
    assert len(mails) == 2
    assert mails[1].event == "alert_requests"
    assert all(ticket.reference in mails[1].body_text for ticket in tickets)
    assert "5" in mails[1].subject


def test_a_batch_is_mailed_once_however_often_its_task_runs(student, agent1, category):
    file_ticket(student, category=category)
    fan_out_all()
    fan_out_all()
    send_due_batches()
    send_due_batches()
    assert len(alert_mails(agent1)) == 1


def test_digest_arrives_once_a_day_grouped_by_desk(student, agent1, other_desk, category):
    other_desk.agents.add(agent1)
    alert_preferences_set(user=agent1, modes={K.NEW_REQUEST: AlertMode.DIGEST}, acting_user=agent1)
    agent1.preferred_language = "en"
    agent1.save(update_fields=["preferred_language"])
    helpdesk_one = file_ticket(student, category=category)
    library = file_ticket(student, category=CategoryFactory(default_desk=other_desk))
    helpdesk_two = file_ticket(student, category=category)
    fan_out_all()
    assert alert_digests_send() == 1
    assert alert_digests_send() == 0  # beat ran twice today: no second digest
    [digest] = alert_mails(agent1)
    body = digest.body_text
    assert "3 alerts" in digest.subject
    assert body.index("== IT help desk ==") < body.index(helpdesk_one.reference)
    assert body.index(helpdesk_two.reference) < body.index("== Library ==")
    assert body.index("== Library ==") < body.index(library.reference)
    assert AlertDigest.objects.filter(recipient=agent1).count() == 1
    # What comes later today waits for tomorrow's digest.
    file_ticket(student, category=category)
    fan_out_all()
    assert alert_digests_send() == 0
    assert alert_digests_send(now=timezone.now() + timedelta(days=1)) == 1


def test_sla_warning_once_per_target_when_three_quarters_are_used(
    student, agent1, desk_lead, category, settings
):
    settings.ALERTS_SLA_WARNING_SHARE = 0.75
    with time_machine.travel(TUESDAY_10, tick=False):
        ticket = file_ticket(student, category=category, impact=3, urgency=3)  # P1: 30 min
        services.ticket_assign(ticket=ticket, assignee=agent1, acting_user=agent1)
    with time_machine.travel(TUESDAY_10 + timedelta(minutes=20), tick=False):
        assert alerts_warn_sla() == 0  # 2/3 of the response time used
    with time_machine.travel(TUESDAY_10 + timedelta(minutes=23), tick=False):
        assert alerts_warn_sla() == 1
        assert alerts_warn_sla() == 0
    event = AlertEvent.objects.get(kind=K.SLA_WARNING)
    assert event.sla_target == "response"
    with time_machine.travel(TUESDAY_10 + timedelta(minutes=24), tick=False):
        fan_out_all()
        send_due_batches()
    assert len(sla_mails(agent1)) == 1 and len(sla_mails(desk_lead)) == 1
    assert "SLA-termijn nadert" in sla_mails(agent1)[0].subject


def test_breach_flagged_by_beat_alerts_assignee_and_lead(student, agent1, desk_lead, category):
    with time_machine.travel(TUESDAY_10, tick=False):
        ticket = file_ticket(student, category=category, impact=3, urgency=3)
        services.ticket_assign(ticket=ticket, assignee=agent1, acting_user=agent1)
    with time_machine.travel(TUESDAY_10 + timedelta(hours=5), tick=False):
        assert services.tickets_flag_breaches() == 1
        fan_out_all()
        send_due_batches()
    assert AlertEvent.objects.filter(kind=K.SLA_BREACHED, ticket=ticket).count() == 1
    assert len(sla_mails(agent1)) == 1 and len(sla_mails(desk_lead)) == 1
    assert "SLA-termijn overschreden" in sla_mails(desk_lead)[0].subject


def _filing_queries(category, student) -> int:
    with CaptureQueriesContext(connection) as queries:
        file_ticket(student, category=category)
    return len(queries)


@pytest.mark.parametrize("agents", [1, 25])
def test_filing_costs_the_same_queries_however_many_agents_a_desk_has(student, category, agents):
    for n in range(agents):
        category.default_desk.agents.add(
            StaffFactory(username=f"agent-{n}", roles=[roles.FIRST_LINE_AGENT])
        )
    _filing_queries(category, student)  # warm the per-process caches
    assert _filing_queries(category, student) == FILING_QUERIES


# Filing a request (reference, routing, SLA, audit row, confirmation mail, one alert event,
# the dashboard's rollup upsert).
FILING_QUERIES = 21
