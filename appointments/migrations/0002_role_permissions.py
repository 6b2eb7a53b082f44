"""Grant the staff roles their rights on appointments and availability.

Agents work appointments and read availability; the servicedesk lead also
manages schedules, hours, locations, closures and absences.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

AVAILABILITY = ["appointmentschedule", "appointmenthours", "location", "closure"]
AGENT = ["view_appointment", "change_appointment", *[f"view_{m}" for m in AVAILABILITY]]
LEAD = [
    *AGENT,
    *[f"{verb}_{m}" for m in AVAILABILITY for verb in ("add", "change", "delete", "view")],
]
ROLES = {"First-line agent": AGENT, "Second-line agent": AGENT, "Servicedesk lead": LEAD}


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, codenames in ROLES.items():
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="appointments", codename__in=codenames
            )
        )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name__in=ROLES):
        group.permissions.remove(
            *group.permissions.filter(content_type__app_label="appointments")
        )


class Migration(migrations.Migration):
    dependencies = [
        ("appointments", "0001_initial"),
        ("accounts", "0002_staff_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
