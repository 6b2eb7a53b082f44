import pytest
from django.core.management import call_command

from ..models import Appointment, AppointmentSchedule


@pytest.mark.django_db
def test_seed_demo_gives_the_helpdesk_a_schedule_and_the_student_an_invitation():
    call_command("seed_demo", stdout=None)
    call_command("seed_demo", stdout=None)
    schedule = AppointmentSchedule.objects.get(desk__slug="helpdesk")
    assert schedule.agents.filter(username="agent1").exists()
    assert schedule.hours.count() == 8
    invitation = Appointment.objects.get(ticket__requester__username="student")
    assert invitation.status == "invited"
