"""Fill the priority matrix, SLA targets and opening hours; grant the roles their rights.

Permissions are normally created after all migrations (post_migrate); they
are created here first so the existing role groups can be given them.
"""

from datetime import time

from django.contrib.auth.management import create_permissions
from django.db import migrations

MATRIX = {(3, 3): 1, (3, 2): 2, (2, 3): 2, (3, 1): 3, (2, 2): 3, (1, 3): 3, (2, 1): 4, (1, 2): 4, (1, 1): 4}
# priority: (first response, resolution) in business minutes
SLA = {1: (30, 240), 2: (120, 960), 3: (480, 1440), 4: (960, 2400)}

CONFIG = ["category", "desk", "resolvergroup", "office", "standardanswer"]
AGENT = [
    "view_ticket", "change_ticket", "escalate_ticket", "view_ticketmessage",
    "view_ticketattachment", "view_ticketevent",
    *[f"view_{model}" for model in CONFIG],
]
FIRST_LINE = [*AGENT, "forward_ticket"]
LEAD_MODELS = [*CONFIG, "priorityrule", "desksettings", "slatarget", "openinghours", "holiday"]
LEAD = [
    *FIRST_LINE,
    *[f"{verb}_{model}" for model in LEAD_MODELS for verb in ("add", "change", "delete", "view")],
]
ROLES = {"First-line agent": FIRST_LINE, "Second-line agent": AGENT, "Servicedesk lead": LEAD}


def fill_defaults(apps, schema_editor):
    PriorityRule = apps.get_model("tickets", "PriorityRule")
    for (impact, urgency), priority in MATRIX.items():
        PriorityRule.objects.get_or_create(impact=impact, urgency=urgency, defaults={"priority": priority})
    SlaTarget = apps.get_model("tickets", "SlaTarget")
    for priority, (response, resolution) in SLA.items():
        SlaTarget.objects.get_or_create(
            priority=priority, defaults={"response_minutes": response, "resolution_minutes": resolution}
        )
    apps.get_model("tickets", "DeskSettings").objects.get_or_create(id=1)
    OpeningHours = apps.get_model("tickets", "OpeningHours")
    if not OpeningHours.objects.exists():
        for weekday in range(5):
            OpeningHours.objects.create(weekday=weekday, opens=time(8, 30), closes=time(17, 0))


def grant_permissions(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, codenames in ROLES.items():
        group, _ = Group.objects.get_or_create(name=role)
        perms = Permission.objects.filter(content_type__app_label="tickets", codename__in=codenames)
        group.permissions.add(*perms)
        # Agents pick an assignee through the user autocomplete.
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="accounts", codename="view_user")
        )


def revoke_permissions(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name__in=ROLES):
        group.permissions.remove(*group.permissions.filter(content_type__app_label="tickets"))


class Migration(migrations.Migration):
    dependencies = [
        ("tickets", "0002_requests"),
        ("accounts", "0002_staff_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(fill_defaults, migrations.RunPython.noop),
        migrations.RunPython(grant_permissions, revoke_permissions),
    ]
