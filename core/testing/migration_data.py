"""Put back the rows the data migrations made, after a flush dropped them.

A transactional test (``transaction=True``, ``live_server``, the browser
tests) ends with a flush that empties every table, so the role groups and
their rights, the priority matrix, the SLA targets and the opening hours
are gone for the next one. ``serialized_rollback`` is no cure here: after
a Playwright test the connection may no longer carry the serialized copy,
and reloading it collides with content types made meanwhile. The root
``conftest.py`` therefore re-runs the migrations' own functions (idempotent:
get_or_create and add) before every transactional test.
"""

import importlib

from django.apps import apps

# (migration module, forwards function), in migration order.
DATA_MIGRATIONS = [
    ("accounts.migrations.0002_staff_roles", "create_roles"),
    ("tickets.migrations.0003_defaults_and_role_permissions", "fill_defaults"),
    ("tickets.migrations.0003_defaults_and_role_permissions", "grant_permissions"),
    ("notifications.migrations.0003_role_permissions", "grant"),
    ("appointments.migrations.0002_role_permissions", "grant"),
    ("mailin.migrations.0002_role_permissions", "grant"),
    ("accounts.migrations.0006_role_groups", "sync_roles"),
    ("knowledgebase.migrations.0007_search_index_and_synonyms", "seed_synonyms"),
    ("knowledgebase.migrations.0007_search_index_and_synonyms", "grant_kb_editors"),
    ("branding.migrations.0002_lead_permissions", "grant"),
    ("servicestatus.migrations.0002_role_permissions", "grant"),
    ("servicestatus.migrations.0005_lead_views_subscriptions", "grant"),
]


def restore_migration_data() -> None:
    # The permission functions toggle ``models_module`` on every app config,
    # meant for a migration's throwaway registry; put the real one back, or
    # later code (serialisation, admin autodiscovery) would see no models.
    saved = {config.label: config.models_module for config in apps.get_app_configs()}
    try:
        for module, function in DATA_MIGRATIONS:
            getattr(importlib.import_module(module), function)(apps, None)
    finally:
        for config in apps.get_app_configs():
            config.models_module = saved[config.label]
