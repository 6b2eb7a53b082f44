"""The staff list's cached option lists: forgotten when what they show changes, not per login."""

import pytest
from django.contrib.auth.models import update_last_login
from django.core.cache import cache
from django.utils import translation

from accounts.tests.factories import StaffFactory, StudentFactory
from tickets.option_lists import KEY, staff_option_lists

pytestmark = pytest.mark.django_db


def cached() -> bool:
    return cache.get(KEY.format(language=translation.get_language())) is not None


def test_a_login_keeps_the_lists():
    student = StudentFactory()
    with translation.override("en"):
        staff_option_lists()
        assert cached()
        update_last_login(None, student)  # allauth's and Django's login: save(update_fields=[...])
        assert cached()


def test_renaming_or_demoting_an_agent_forgets_them():
    agent = StaffFactory()
    with translation.override("en"):
        staff_option_lists()
        agent.first_name = "Renamed"
        agent.save(update_fields=["first_name"])
        assert not cached()
        staff_option_lists()
        agent.is_staff = False
        agent.save()
        assert not cached()


def test_a_new_student_keeps_the_lists_and_a_new_agent_forgets_them():
    with translation.override("en"):
        staff_option_lists()
        StudentFactory()  # a student import creates thousands: none is in a list
        assert cached()
        StaffFactory()
        assert not cached()
