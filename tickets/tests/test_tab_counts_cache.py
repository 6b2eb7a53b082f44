"""The tabs' remembered counts (tickets.queues) follow a change of who sees everything."""

import pytest

from tickets import queues
from tickets.tests.factories import CategoryFactory, DeskFactory, file_ticket

pytestmark = pytest.mark.django_db


def all_open(user) -> int:
    counts = queues.view_counts_remembered(user)
    return next(row["count"] for row in counts if row["key"] == "all_open")


def test_a_former_superuser_no_longer_counts_other_desks(agent, student):
    other_desk = DeskFactory(slug="elsewhere", name_nl="Elders", name_en="Elsewhere")
    file_ticket(student, category=CategoryFactory(default_desk=other_desk))
    agent.is_superuser = True
    agent.save()
    assert all_open(agent) == 1
    agent.is_superuser = False
    agent.save()
    assert all_open(agent) == 0
