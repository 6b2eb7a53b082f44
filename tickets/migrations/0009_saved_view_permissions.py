"""The servicedesk lead defines saved views per desk: give the role the model's permissions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

LEAD = "Servicedesk lead"
CODENAMES = [f"{verb}_savedview" for verb in ("add", "change", "delete", "view")]


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=LEAD)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="tickets", codename__in=CODENAMES)
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name=LEAD):
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="tickets", codename__in=CODENAMES)
        )


class Migration(migrations.Migration):
    dependencies = [("tickets", "0008_agent_workspace")]

    operations = [migrations.RunPython(grant, revoke)]
