"""The dedicated permission to read security mails, and the audit row for a read.

``notifications.view_security_mail`` is created here and given to no role:
first- and second-line agents and the lead never see login codes, reset and
activation links or MFA mails in the outbox. A deployer who needs a role to
read them grants it explicitly; superusers always may. Every such read is
written as an ``OutboxMailEvent`` of type ``read``.
"""

from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.db import migrations, models

CODENAME = "view_security_mail"


def create_permission(apps, schema_editor):
    # Permissions are normally created after all migrations ran; create it now
    # and make sure no role holds it (it must be granted on purpose).
    app_config = apps.get_app_config("notifications")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permission = Permission.objects.filter(
        content_type__app_label="notifications", codename=CODENAME
    ).first()
    if permission is not None:
        for group in Group.objects.filter(permissions=permission):
            group.permissions.remove(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0004_outbox_attachment"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="outboxmail",
            options={
                "ordering": ["-created_at", "-id"],
                "permissions": [
                    (
                        "view_security_mail",
                        "Can read security mails (codes, sign-in and reset links)",
                    )
                ],
                "verbose_name": "outbox mail",
                "verbose_name_plural": "outbox mails",
            },
        ),
        migrations.RemoveConstraint(
            model_name="outboxmailevent",
            name="notif_event_type_valid",
        ),
        migrations.AlterField(
            model_name="outboxmailevent",
            name="type",
            field=models.CharField(
                choices=[
                    ("resent", "Resent"),
                    ("cancelled", "Cancelled"),
                    ("read", "Read (security mail)"),
                ],
                max_length=16,
                verbose_name="type",
            ),
        ),
        migrations.AddConstraint(
            model_name="outboxmailevent",
            constraint=models.CheckConstraint(
                condition=models.Q(("type__in", ["resent", "cancelled", "read"])),
                name="notif_event_type_valid",
            ),
        ),
        migrations.RunPython(create_permission, migrations.RunPython.noop),
    ]
