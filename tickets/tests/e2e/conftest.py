"""Browser tests run in transactions that end with a flush, which drops the rows
the data migrations made (role groups and their rights, the priority matrix,
SLA targets, opening hours). Put them back before each test."""

import importlib

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission

from accounts import roles

defaults = importlib.import_module("tickets.migrations.0003_defaults_and_role_permissions")


@pytest.fixture(autouse=True)
def migration_data(transactional_db) -> None:
    defaults.fill_defaults(apps, None)
    for role, codenames in defaults.ROLES.items():
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="tickets", codename__in=codenames),
            *Permission.objects.filter(content_type__app_label="accounts", codename="view_user"),
        )
    assert set(Group.objects.values_list("name", flat=True)) >= set(roles.ALL_ROLES)
