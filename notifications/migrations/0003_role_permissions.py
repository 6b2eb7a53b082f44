"""Let the desk's roles use the outbox in the admin.

Every role may look up whether and when a mail left (a requester says "I got
nothing"); first line and the lead may also resend or cancel mails (the
admin actions need the change permission); the lead may read preferences.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {
    "First-line agent": ["view_outboxmail", "change_outboxmail"],
    "Second-line agent": ["view_outboxmail"],
    "Servicedesk lead": ["view_outboxmail", "change_outboxmail", "view_mailpreference"],
}


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations ran; create them now.
    app_config = apps.get_app_config("notifications")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, codenames in GRANTS.items():
        group, _created = Group.objects.get_or_create(name=role)
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="notifications", codename__in=codenames
            )
        )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, codenames in GRANTS.items():
        for group in Group.objects.filter(name=role):
            group.permissions.remove(
                *Permission.objects.filter(
                    content_type__app_label="notifications", codename__in=codenames
                )
            )


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0002_outbox_mail_event"),
        ("accounts", "0002_staff_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
