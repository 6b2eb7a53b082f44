"""The staff roles of the desk, kept as auth groups, with exactly the rights they need.

Names are stable identifiers in English; the admin shows them as they are.
A person may hold several roles (the demo lead is desk lead, KB editor and
account administrator). ``ROLE_PERMISSIONS`` is the intended set per role
("app_label.codename"); migration ``accounts/0006_role_groups`` makes each
group hold exactly that set (a frozen copy), and
``accounts/tests/test_roles.py`` checks the database against this table.
No role holds ``notifications.view_security_mail``: it is granted on purpose
or not at all.
"""

FIRST_LINE_AGENT = "First-line agent"
SECOND_LINE_AGENT = "Second-line agent"
SERVICEDESK_LEAD = "Servicedesk lead"
KB_EDITOR = "KB editor"
ACCOUNT_ADMINISTRATOR = "Account administrator"

ALL_ROLES = (
    FIRST_LINE_AGENT,
    SECOND_LINE_AGENT,
    SERVICEDESK_LEAD,
    KB_EDITOR,
    ACCOUNT_ADMINISTRATOR,
)


def _crud(app: str, *models: str) -> set[str]:
    return {
        f"{app}.{verb}_{model}" for model in models for verb in ("add", "change", "delete", "view")
    }


_ROUTING_CONFIG = ("category", "desk", "resolvergroup", "office", "standardanswer")
_AVAILABILITY = ("appointmentschedule", "appointmenthours", "location", "closure")

# Both lines: work the requests they see, read the routing set-up, pick an
# assignee (user autocomplete), work appointments, look up whether a mail left.
_AGENT = {
    "accounts.view_user",
    "tickets.view_ticket",
    "tickets.change_ticket",
    "tickets.escalate_ticket",
    "tickets.view_ticketmessage",
    "tickets.view_ticketattachment",
    "tickets.view_ticketevent",
    *{f"tickets.view_{model}" for model in _ROUTING_CONFIG},
    "appointments.view_appointment",
    "appointments.change_appointment",
    *{f"appointments.view_{model}" for model in _AVAILABILITY},
    "notifications.view_outboxmail",
    "mailin.view_inboundmessage",
    # Major incidents: open one, post updates, link requests, resolve it.
    "servicestatus.view_service",
    "servicestatus.view_incident",
    "servicestatus.add_incident",
    "servicestatus.change_incident",
    "servicestatus.view_incidentupdate",
    "servicestatus.add_incidentupdate",
    "servicestatus.view_incidentticket",
}

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    # First line also forwards to another office and resends or cancels mails.
    # First line also files or discards held inbound mail.
    FIRST_LINE_AGENT: frozenset(
        {
            *_AGENT,
            "tickets.forward_ticket",
            "notifications.change_outboxmail",
            "mailin.change_inboundmessage",
        }
    ),
    SECOND_LINE_AGENT: frozenset(_AGENT),
    # The lead keeps the desk's set-up: routing, priority matrix, SLA,
    # opening hours, holidays, appointment availability; reads preferences.
    SERVICEDESK_LEAD: frozenset(
        {
            *_AGENT,
            "tickets.forward_ticket",
            "notifications.change_outboxmail",
            "notifications.view_mailpreference",
            "mailin.change_inboundmessage",
            *_crud("tickets", "savedview"),
            *_crud(
                "tickets",
                *_ROUTING_CONFIG,
                "priorityrule",
                "desksettings",
                "slatarget",
                "openinghours",
                "holiday",
            ),
            *_crud("appointments", *_AVAILABILITY),
            # The portal's look: name, logo, colour, favicon, footer links.
            "branding.add_theme",
            "branding.change_theme",
            "branding.view_theme",
            *_crud("servicestatus", "service"),
            "servicestatus.view_affectedperson",
            "servicestatus.view_subscription",
        }
    ),
    # FAQ, manuals and their categories; drafting and publishing the AUP;
    # reading feedback, acceptances and the knowledgebase's audit trail.
    KB_EDITOR: frozenset(
        {
            *_crud("knowledgebase", "article", "manualstep", "category", "searchsynonym"),
            "knowledgebase.view_feedback",
            "knowledgebase.add_aupversion",
            "knowledgebase.change_aupversion",
            "knowledgebase.view_aupversion",
            "knowledgebase.publish_aupversion",
            "knowledgebase.view_aupacceptance",
            "knowledgebase.view_knowledgebaseevent",
        }
    ),
    # Accounts: switch on welcome accounts (change), import students (add),
    # read an account's history. Never superuser status, groups or rights
    # (the user admin keeps those read-only for anyone but a superuser).
    ACCOUNT_ADMINISTRATOR: frozenset(
        {
            "accounts.view_user",
            "accounts.add_user",
            "accounts.change_user",
            "accounts.view_accountevent",
        }
    ),
}
