"""The demo data: routing, offices, answers and the student's requests; idempotent."""

import pytest
from django.core.management import call_command

from tickets.models import Office, ResolverGroup, StandardAnswer, Ticket


@pytest.mark.django_db
def test_seed_demo_gives_the_student_requests_and_the_desk_its_routing():
    call_command("seed_demo", stdout=None)
    call_command("seed_demo", stdout=None)
    student_tickets = Ticket.objects.filter(requester__username="student")
    assert student_tickets.count() == 3
    assert set(student_tickets.values_list("status", flat=True)) == {
        "new",
        "in_progress",
        "resolved",
    }
    assert ResolverGroup.objects.get(slug="portal-fm").members.filter(username="agent2").exists()
    assert Office.objects.count() == 2
    assert StandardAnswer.objects.filter(purpose="wrong_desk").count() == 1
