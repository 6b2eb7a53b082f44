import pytest

from .factories import category_for, open_schedule


@pytest.fixture
def schedule(agent_first_line):
    """Mon-Fri 09:00-12:00, 30-minute slots, one agent who also works the desk."""
    schedule = open_schedule(agents=[agent_first_line])
    schedule.desk.agents.add(agent_first_line)
    return schedule


@pytest.fixture
def category(schedule):
    return category_for(schedule)
