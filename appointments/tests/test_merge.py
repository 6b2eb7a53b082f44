"""A merged request's appointment moves with it; two appointments refuse the merge."""

import pytest
from django.core.exceptions import ValidationError

from appointments.models import Appointment
from appointments.services import appointment_offer
from tickets.services import ticket_merge
from tickets.tests.factories import file_ticket


@pytest.mark.django_db
def test_the_duplicates_appointment_moves_to_the_kept_request(student, agent_first_line, category):
    target = file_ticket(student, category=category)
    source = file_ticket(student, category=category)
    offered = appointment_offer(ticket=source, channel="desk", acting_user=agent_first_line)

    ticket_merge(source=source, target=target, acting_user=agent_first_line)

    offered.refresh_from_db()
    assert offered.ticket_id == target.pk and offered.status == "invited"
    event = target.events.get(type="merge_received")
    assert event.data["moved"]["appointments"] == 1


@pytest.mark.django_db
def test_two_active_appointments_refuse_the_merge(student, agent_first_line, category):
    target = file_ticket(student, category=category)
    source = file_ticket(student, category=category)
    for ticket in (source, target):
        appointment_offer(ticket=ticket, channel="desk", acting_user=agent_first_line)

    with pytest.raises(ValidationError) as refused:
        ticket_merge(source=source, target=target, acting_user=agent_first_line)

    assert refused.value.code == "two_appointments"
    source.refresh_from_db()
    assert source.status == "new"
    assert Appointment.objects.filter(ticket=source).count() == 1
