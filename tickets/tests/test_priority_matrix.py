"""Impact x urgency gives the priority; the lead's edits in the matrix win."""

import pytest

from tickets.choices import DEFAULT_PRIORITY_MATRIX, Impact, Priority, Urgency
from tickets.models import PriorityRule
from tickets.selectors import priority_for
from tickets.tests.factories import file_ticket


@pytest.mark.django_db
@pytest.mark.parametrize(("cell", "expected"), sorted(DEFAULT_PRIORITY_MATRIX.items()))
def test_migrated_matrix_matches_the_default(cell, expected):
    impact, urgency = cell
    assert priority_for(impact=impact, urgency=urgency) == expected


@pytest.mark.django_db
def test_highest_impact_and_urgency_is_p1_and_lowest_is_p4():
    assert priority_for(impact=Impact.MANY_PEOPLE, urgency=Urgency.BLOCKS_MANY_NOW) == Priority.P1
    assert priority_for(impact=Impact.JUST_ME, urgency=Urgency.CAN_WAIT) == Priority.P4


@pytest.mark.django_db
def test_lead_changes_a_cell_and_new_requests_follow_it(student):
    assert file_ticket(student, impact=1, urgency=1).priority == Priority.P4
    PriorityRule.objects.filter(impact=1, urgency=1).update(priority=Priority.P2)
    assert file_ticket(student, impact=1, urgency=1).priority == Priority.P2


@pytest.mark.django_db
def test_missing_cell_falls_back_to_the_default():
    PriorityRule.objects.filter(impact=2, urgency=2).delete()
    assert priority_for(impact=2, urgency=2) == DEFAULT_PRIORITY_MATRIX[(2, 2)]
