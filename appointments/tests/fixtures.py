"""The appointment fixtures, shared by appointments/tests and the API's appointment tests.

appointments/tests/conftest.py and api/tests/test_appointments.py import them
by name (fixtures are found in a module's namespace); a module freezes the
clock with ``pytest.mark.usefixtures("frozen")``.
"""

from collections.abc import Iterator

import pytest
import time_machine

from appointments.services import appointment_offer
from tickets.tests.factories import file_ticket

from .factories import category_for, open_schedule
from .helpers import NOW


@pytest.fixture
def frozen() -> Iterator[None]:
    """Monday 22 March 2027, 09:00 in Brussels: the appointments tests' moment."""
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def schedule(agent_first_line):
    """Mon-Fri 09:00-12:00, 30-minute slots, one agent who also works the desk."""
    schedule = open_schedule(agents=[agent_first_line])
    schedule.desk.agents.add(agent_first_line)
    return schedule


@pytest.fixture
def category(schedule):
    return category_for(schedule)


@pytest.fixture
def invited(student, category, agent_first_line):
    """What an agent does in the admin: invite the requester to choose a time."""
    ticket = file_ticket(student, category=category)
    return appointment_offer(ticket=ticket, channel="desk", acting_user=agent_first_line)
