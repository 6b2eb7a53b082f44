"""Appointments booked and cancelled per channel: live counts equal the rebuild."""

import pytest
import time_machine

from appointments.services import appointment_book, appointment_cancel
from appointments.tests.factories import category_for, open_schedule
from appointments.tests.helpers import NOW, TUESDAY, at
from insights.models import AppointmentDay
from insights.services.rollups import rollups_rebuild
from tickets.tests.factories import file_ticket

URL = "/admin/insights/dailyrollup/"


@pytest.mark.django_db
def test_booked_and_cancelled_count_per_channel_and_rebuild_the_same(
    client, student, agent_first_line, desk_lead
):
    schedule = open_schedule(agents=[agent_first_line])
    schedule.desk.agents.add(agent_first_line)
    category = category_for(schedule)
    with time_machine.travel(NOW, tick=False):
        first = file_ticket(student, category=category)
        second = file_ticket(student, category=category)
        phone = appointment_book(
            ticket=first, starts_at=at(TUESDAY, 9), channel="phone", acting_user=agent_first_line
        )
        appointment_book(
            ticket=second, starts_at=at(TUESDAY, 10), channel="desk", acting_user=agent_first_line
        )
        appointment_cancel(appointment=phone, acting_user=agent_first_line, reason="Solved")
        live = sorted(AppointmentDay.objects.values_list("channel", "booked", "cancelled"))
        assert live == [("desk", 1, 0), ("phone", 1, 1)]
        rollups_rebuild(first=NOW.date(), last=NOW.date())
        assert sorted(AppointmentDay.objects.values_list("channel", "booked", "cancelled")) == live

        client.force_login(desk_lead)
        tables = {t.key: t for t, _chart in client.get(URL).context["figures"]}
    rows = {row[0].value: (row[1].value, row[2].value) for row in tables["appointments"].rows}
    assert rows == {"aan het loket": (1, 0), "telefonisch": (1, 1), "sessie op afstand": (0, 0)}
