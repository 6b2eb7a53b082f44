"""Put the staff roles back after another test's flush dropped them.

A transactional test ends with a flush that empties the role groups the
migrations made. ``serialized_rollback`` should restore them, but after a
Playwright test the test thread's connection may no longer carry the
serialized copy, so the transactional tests here re-run the migrations'
own functions instead (idempotent: get_or_create and add).
"""

import importlib

from django.apps import apps

MIGRATIONS = [
    ("accounts.migrations.0002_staff_roles", "create_roles"),
    ("tickets.migrations.0003_defaults_and_role_permissions", "grant_permissions"),
    ("appointments.migrations.0002_role_permissions", "grant"),
]


def ensure_role_groups() -> None:
    # The permission functions toggle ``models_module`` on every app config,
    # meant for a migration's throwaway registry; put the real one back, or
    # later serialisation (serialized_rollback) would see no models at all.
    saved = {config.label: config.models_module for config in apps.get_app_configs()}
    try:
        for module, function in MIGRATIONS:
            getattr(importlib.import_module(module), function)(apps, None)
    finally:
        for config in apps.get_app_configs():
            config.models_module = saved[config.label]
