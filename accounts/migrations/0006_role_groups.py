"""The five staff roles, each holding exactly the rights it needs (a frozen copy).

``accounts.roles.ROLE_PERMISSIONS`` documents the intended sets; this
migration makes every role group hold exactly the set below: it adds what is
missing and removes anything else (so a right granted by hand to a role, or
``notifications.view_security_mail``, is taken away). Later changes to a role
are a new migration, not an edit here.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLES = {
    "First-line agent": [
        "accounts.view_user",
        "appointments.change_appointment",
        "appointments.view_appointment",
        "appointments.view_appointmenthours",
        "appointments.view_appointmentschedule",
        "appointments.view_closure",
        "appointments.view_location",
        "notifications.change_outboxmail",
        "notifications.view_outboxmail",
        "tickets.change_ticket",
        "tickets.escalate_ticket",
        "tickets.forward_ticket",
        "tickets.view_category",
        "tickets.view_desk",
        "tickets.view_office",
        "tickets.view_resolvergroup",
        "tickets.view_standardanswer",
        "tickets.view_ticket",
        "tickets.view_ticketattachment",
        "tickets.view_ticketevent",
        "tickets.view_ticketmessage",
        "mailin.change_inboundmessage",
        "mailin.view_inboundmessage",
    ],
    "Second-line agent": [
        "accounts.view_user",
        "appointments.change_appointment",
        "appointments.view_appointment",
        "appointments.view_appointmenthours",
        "appointments.view_appointmentschedule",
        "appointments.view_closure",
        "appointments.view_location",
        "notifications.view_outboxmail",
        "tickets.change_ticket",
        "tickets.escalate_ticket",
        "tickets.view_category",
        "tickets.view_desk",
        "tickets.view_office",
        "tickets.view_resolvergroup",
        "tickets.view_standardanswer",
        "tickets.view_ticket",
        "tickets.view_ticketattachment",
        "tickets.view_ticketevent",
        "tickets.view_ticketmessage",
        "mailin.view_inboundmessage",
    ],
    "Servicedesk lead": [
        "accounts.view_user",
        "appointments.add_appointmenthours",
        "appointments.add_appointmentschedule",
        "appointments.add_closure",
        "appointments.add_location",
        "appointments.change_appointment",
        "appointments.change_appointmenthours",
        "appointments.change_appointmentschedule",
        "appointments.change_closure",
        "appointments.change_location",
        "appointments.delete_appointmenthours",
        "appointments.delete_appointmentschedule",
        "appointments.delete_closure",
        "appointments.delete_location",
        "appointments.view_appointment",
        "appointments.view_appointmenthours",
        "appointments.view_appointmentschedule",
        "appointments.view_closure",
        "appointments.view_location",
        "notifications.change_outboxmail",
        "notifications.view_mailpreference",
        "notifications.view_outboxmail",
        "tickets.add_category",
        "tickets.add_desk",
        "tickets.add_desksettings",
        "tickets.add_holiday",
        "tickets.add_office",
        "tickets.add_openinghours",
        "tickets.add_priorityrule",
        "tickets.add_resolvergroup",
        "tickets.add_slatarget",
        "tickets.add_standardanswer",
        "tickets.change_category",
        "tickets.change_desk",
        "tickets.change_desksettings",
        "tickets.change_holiday",
        "tickets.change_office",
        "tickets.change_openinghours",
        "tickets.change_priorityrule",
        "tickets.change_resolvergroup",
        "tickets.change_slatarget",
        "tickets.change_standardanswer",
        "tickets.change_ticket",
        "tickets.delete_category",
        "tickets.delete_desk",
        "tickets.delete_desksettings",
        "tickets.delete_holiday",
        "tickets.delete_office",
        "tickets.delete_openinghours",
        "tickets.delete_priorityrule",
        "tickets.delete_resolvergroup",
        "tickets.delete_slatarget",
        "tickets.delete_standardanswer",
        "tickets.escalate_ticket",
        "tickets.forward_ticket",
        "tickets.view_category",
        "tickets.view_desk",
        "tickets.view_desksettings",
        "tickets.view_holiday",
        "tickets.view_office",
        "tickets.view_openinghours",
        "tickets.view_priorityrule",
        "tickets.view_resolvergroup",
        "tickets.view_slatarget",
        "tickets.view_standardanswer",
        "tickets.view_ticket",
        "tickets.view_ticketattachment",
        "tickets.view_ticketevent",
        "tickets.view_ticketmessage",
        "mailin.change_inboundmessage",
        "mailin.view_inboundmessage",
        "tickets.add_savedview",
        "tickets.change_savedview",
        "tickets.delete_savedview",
        "tickets.view_savedview",
    ],
    "KB editor": [
        "knowledgebase.add_article",
        "knowledgebase.add_aupversion",
        "knowledgebase.add_category",
        "knowledgebase.add_manualstep",
        "knowledgebase.change_article",
        "knowledgebase.change_aupversion",
        "knowledgebase.change_category",
        "knowledgebase.change_manualstep",
        "knowledgebase.delete_article",
        "knowledgebase.delete_category",
        "knowledgebase.delete_manualstep",
        "knowledgebase.publish_aupversion",
        "knowledgebase.view_article",
        "knowledgebase.view_aupacceptance",
        "knowledgebase.view_aupversion",
        "knowledgebase.view_category",
        "knowledgebase.view_feedback",
        "knowledgebase.view_knowledgebaseevent",
        "knowledgebase.view_manualstep",
    ],
    "Account administrator": [
        "accounts.add_user",
        "accounts.change_user",
        "accounts.view_accountevent",
        "accounts.view_user",
    ],
}


def sync_roles(apps, schema_editor):
    # Permissions are normally created after all migrations ran; create them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, names in ROLES.items():
        group, _created = Group.objects.get_or_create(name=role)
        wanted = []
        for name in names:
            app_label, codename = name.split(".")
            wanted.extend(
                Permission.objects.filter(content_type__app_label=app_label, codename=codename)
            )
        group.permissions.set(wanted)


def remove_new_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(
        name__in=["KB editor", "Account administrator"]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_student_import_jobs"),
        ("mailin", "0002_role_permissions"),
        ("tickets", "0011_reply_note_events_answer_placeholders"),
        ("appointments", "0003_declined_invitation_has_no_time"),
        ("notifications", "0005_security_mail_permission_and_read_audit"),
        ("knowledgebase", "0003_aup_publish_permission"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(sync_roles, remove_new_roles)]
