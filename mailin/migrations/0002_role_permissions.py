"""Let the desk's roles read inbound mail in the admin; first line and the lead handle held mail.

What each one sees is scoped by ``mailin.selectors.inbound_visible_to``;
filing or discarding a held mail (the admin actions) needs the change permission.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {
    "First-line agent": ["view_inboundmessage", "change_inboundmessage"],
    "Second-line agent": ["view_inboundmessage"],
    "Servicedesk lead": ["view_inboundmessage", "change_inboundmessage"],
}


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations ran; create them now.
    app_config = apps.get_app_config("mailin")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, codenames in GRANTS.items():
        group, _created = Group.objects.get_or_create(name=role)
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="mailin", codename__in=codenames
            )
        )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, codenames in GRANTS.items():
        for group in Group.objects.filter(name=role):
            group.permissions.remove(
                *Permission.objects.filter(
                    content_type__app_label="mailin", codename__in=codenames
                )
            )


class Migration(migrations.Migration):
    dependencies = [
        ("mailin", "0001_initial"),
        ("accounts", "0002_staff_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
