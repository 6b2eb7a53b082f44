"""My alerts in the admin: only one's own, the lead's breach alerts stay on, bad input answers."""

from datetime import timedelta

import pytest
from django.utils import timezone

from alerts.models import AlertEvent, AlertKind, AlertMode, AlertPreference
from alerts.selectors import alert_modes_for
from alerts.services import alerts_sweep
from core.testing.broker import drain_queued_tasks, purge_queue
from core.testing.clients import staff_client
from tickets.tests.factories import file_ticket

pytestmark = pytest.mark.django_db
URL = "/admin/alerts/alertpreference/"


def all_modes(**changes) -> dict[str, str]:
    return {kind.value: AlertMode.IMMEDIATE.value for kind in AlertKind} | changes


def test_the_lead_is_not_offered_off_for_breach_alerts(desk_lead):
    response = staff_client(desk_lead).get(URL, headers={"accept-language": "en"})
    assert response.status_code == 200
    form = response.context["form"]
    assert [value for value, _label in form.fields[AlertKind.SLA_BREACHED].choices] == [
        "immediate",
        "digest",
    ]
    assert "off" in [value for value, _label in form.fields[AlertKind.SLA_WARNING].choices]


def test_a_forged_off_for_the_leads_breach_alerts_is_refused_with_a_message(desk_lead):
    response = staff_client(desk_lead).post(URL, all_modes(sla_breached="off"))
    assert response.status_code == 200
    assert "Selecteer een geldige keuze" in response.content.decode()
    assert not AlertPreference.objects.filter(user=desk_lead).exists()


def test_an_agent_saves_their_own_choices_only(agent_first_line, agent_second_line):
    response = staff_client(agent_first_line).post(URL, all_modes(new_request="digest"))
    assert response.status_code == 302
    assert alert_modes_for(agent_first_line)[AlertKind.NEW_REQUEST] == AlertMode.DIGEST
    assert alert_modes_for(agent_second_line)[AlertKind.NEW_REQUEST] == AlertMode.IMMEDIATE


def test_requesters_never_reach_the_page(student):
    response = staff_client(student).get(URL)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_the_sweep_queues_events_the_broker_lost(student, agent1, category):
    purge_queue()
    file_ticket(student, category=category)  # its on-commit enqueue never ran (test transaction)
    event = AlertEvent.objects.get()
    assert alerts_sweep() == 0  # within the grace period the first enqueue may still arrive
    assert alerts_sweep(now=timezone.now() + timedelta(minutes=2)) == 1
    assert ("alerts.fan_out", [event.pk]) in drain_queued_tasks()
