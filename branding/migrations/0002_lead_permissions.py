"""The servicedesk lead may change the theme (accounts.roles.ROLE_PERMISSIONS)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

LEAD = ["add_theme", "change_theme", "view_theme"]


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Servicedesk lead")
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="branding", codename__in=LEAD)
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name="Servicedesk lead"):
        group.permissions.remove(*group.permissions.filter(content_type__app_label="branding"))


class Migration(migrations.Migration):
    dependencies = [
        ("branding", "0001_initial"),
        ("accounts", "0006_role_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
