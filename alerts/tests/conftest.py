"""A desk with its first line, a resolver group, and the lead: the people alerts reach."""

import pytest

from tickets.tests.factories import CategoryFactory, DeskFactory, ResolverGroupFactory


@pytest.fixture
def desk(db):
    return DeskFactory(slug="helpdesk", name_nl="ICT-helpdesk", name_en="IT help desk")


@pytest.fixture
def other_desk(db):
    return DeskFactory(slug="library", name_nl="Bibliotheek", name_en="Library")


@pytest.fixture
def category(desk):
    return CategoryFactory(slug="wifi", default_desk=desk)


@pytest.fixture
def group(desk):
    return ResolverGroupFactory(
        slug="portal", desk=desk, name_nl="Beheer portaal", name_en="Portal management"
    )


@pytest.fixture
def agent1(agent_first_line, desk):
    desk.agents.add(agent_first_line)
    return agent_first_line


@pytest.fixture
def agent2(agent_second_line, group):
    group.members.add(agent_second_line)
    return agent_second_line
