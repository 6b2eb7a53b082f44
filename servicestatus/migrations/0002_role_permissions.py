"""Let the desk's roles work major incidents; the lead also keeps the list of services.

``accounts.roles.ROLE_PERMISSIONS`` is the intended set per role; this grants
this app's part of it to the existing role groups.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

AGENT = [
    "view_service",
    "view_incident",
    "add_incident",
    "change_incident",
    "view_incidentupdate",
    "add_incidentupdate",
    "view_incidentticket",
]
GRANTS = {
    "First-line agent": AGENT,
    "Second-line agent": AGENT,
    "Servicedesk lead": [
        *AGENT,
        "add_service",
        "change_service",
        "delete_service",
        "view_affectedperson",
    ],
}


def _permissions(apps, codenames):
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.filter(
        content_type__app_label="servicestatus", codename__in=codenames
    )


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations ran; create them now.
    app_config = apps.get_app_config("servicestatus")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    for role, codenames in GRANTS.items():
        group, _created = Group.objects.get_or_create(name=role)
        group.permissions.add(*_permissions(apps, codenames))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for role, codenames in GRANTS.items():
        for group in Group.objects.filter(name=role):
            group.permissions.remove(*_permissions(apps, codenames))


class Migration(migrations.Migration):
    dependencies = [
        ("servicestatus", "0001_initial"),
        ("accounts", "0006_role_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
