"""The people alerts reach: the staffed desk of the root conftest.py, and a second desk.

``agent1`` (first line, on the desk) and ``agent2`` (second line, in its
resolver group) are the root's ``agent`` and ``specialist``, named as the
alert tests speak of them.
"""

import pytest

from tickets.tests.factories import DeskFactory


@pytest.fixture
def other_desk(db):
    return DeskFactory(slug="library", name_nl="Bibliotheek", name_en="Library")


@pytest.fixture
def agent1(agent):
    return agent


@pytest.fixture
def agent2(specialist):
    return specialist
