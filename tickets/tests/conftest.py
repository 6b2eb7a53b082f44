"""A staffed desk: the fixtures the admin and workspace tests share.

One desk ("helpdesk") with a category routed to it, a second-line resolver
group, a first-line agent on the desk and a specialist in the group.
"""

import pytest

from tickets.tests.factories import CategoryFactory, DeskFactory, ResolverGroupFactory


@pytest.fixture
def desk(db):
    return DeskFactory(slug="helpdesk")


@pytest.fixture
def category(desk):
    return CategoryFactory(default_desk=desk)


@pytest.fixture
def group(desk):
    return ResolverGroupFactory(desk=desk)


@pytest.fixture
def agent(agent_first_line, desk):
    desk.agents.add(agent_first_line)
    return agent_first_line


@pytest.fixture
def specialist(agent_second_line, group):
    group.members.add(agent_second_line)
    return agent_second_line
