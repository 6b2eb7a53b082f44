"""Every kind of mail the portal sends, classified in one place.

Two questions are answered here:

* which kinds a user may switch off (``OPTIONAL_KINDS``) and which events
  are optional mails of which kind (``OPTIONAL_EVENTS``). ``notify()``
  looks every event up there, so the preference is checked in one place and
  a caller cannot forget it (the appointment reminder once did). Security
  mails (codes, password resets, a new MFA device, a changed password) have
  no optional kind, so no preference can stop them. A feature that adds an
  optional mail adds its event here; a test then asks for a case proving
  that switching the kind off sends nothing;
* who may read a mail in the outbox (``MAIL_CLASSES``, keyed by the
  ``event`` an outbox row carries). Every event the portal or allauth can
  send is listed; a test fails when a template is added without a class.
  A kind missing here is treated as a security mail (only a superuser or
  the holder of ``notifications.view_security_mail`` sees it).
"""

import re

from django.db import models
from django.utils.translation import gettext_lazy as _

OPTIONAL_KINDS: dict[str, str] = {
    "survey": _("Satisfaction surveys after a request is closed"),
    "digest": _("A digest of news from the service desk"),
    "reminder": _("Reminders about open requests and appointments"),
    "incident": _("Updates about a disruption you said you are affected by"),
}


# Every optional mail by event, with the kind that switches it off.
OPTIONAL_EVENTS: dict[str, str] = {
    "ticket_survey": "survey",
    "appointment_reminder": "reminder",
    # servicestatus: an update about a disruption the user said "affected too" for.
    "incident_update": "incident",
}


def optional_kind_of(event: str) -> str:
    """The optional kind of ``event``'s mail; empty for a mail that always goes out."""
    return OPTIONAL_EVENTS.get(event, "")


class MailClass(models.TextChoices):
    """Who may read a mail of this kind in the outbox."""

    # To the requester about one request (thread_key = its reference). For a
    # requester without an account it carries the private link, so staff
    # without the security permission see its body with the links hidden.
    REQUEST = "request", _("About a request, to its requester")
    # To staff about one request: whoever sees the request sees the mail.
    REQUEST_STAFF = "request_staff", _("About a request, to staff")
    # To staff about the service itself: the lead and superusers.
    SERVICE = "service", _("About the service, to staff")
    # Codes, reset and activation links, alternate-address codes, MFA,
    # welcome: whoever reads one can take over an account.
    SECURITY = "security", _("Security (codes, links, sign-in)")


_ALLAUTH_ACCOUNT = (
    "account_already_exists",
    "email_changed",
    "email_confirm",
    "email_confirmation",
    "email_confirmation_signup",
    "email_deleted",
    "login_code",
    "password_changed",
    "password_reset",
    "password_reset_code",
    "password_reset_key",
    "password_set",
    "unknown_account",
    # Ours (accounts/adapters.py): a reset asked with an account's own
    # university or prospect address gets directions instead of a link.
    "wrong_route",
)
_ALLAUTH_MFA = (
    "recovery_codes_generated",
    "totp_activated",
    "totp_deactivated",
    "webauthn_added",
    "webauthn_removed",
)

MAIL_CLASSES: dict[str, MailClass] = {
    # tickets
    "ticket_filed": MailClass.REQUEST,
    "ticket_filed_guest": MailClass.REQUEST,
    "ticket_reply": MailClass.REQUEST,
    "ticket_resolved": MailClass.REQUEST,
    "ticket_status_changed": MailClass.REQUEST,
    "ticket_escalated": MailClass.REQUEST,
    "ticket_forwarded": MailClass.REQUEST,
    "ticket_merged": MailClass.REQUEST,
    "ticket_merge_received": MailClass.REQUEST,
    # A major incident's public update to everyone affected (servicestatus).
    "incident_update": MailClass.SERVICE,
    "incident_update_request": MailClass.SERVICE,
    # servicestatus subscriptions: the signed confirmation link, and maintenance notices.
    "status_subscription_confirm": MailClass.SECURITY,
    "status_maintenance": MailClass.SERVICE,
    # The satisfaction survey (optional kind "survey"): signed one-click answer links.
    "ticket_survey": MailClass.REQUEST,
    # Outbox rows from before staff alerts (the ``alerts`` app replaced this mail).
    "ticket_requester_reply": MailClass.REQUEST_STAFF,
    # A signed link that moves a guest request into the account it is sent to.
    "ticket_claim_link": MailClass.SECURITY,
    # mail in: to the sender, about the request their mail became or landed on
    "mailin_not_requester": MailClass.REQUEST,
    "mailin_attachments_refused": MailClass.REQUEST,
    # appointments
    "appointment_invited": MailClass.REQUEST,
    "appointment_confirmed": MailClass.REQUEST,
    "appointment_rescheduled": MailClass.REQUEST,
    "appointment_cancelled": MailClass.REQUEST,
    "appointment_reminder": MailClass.REQUEST,
    # accounts (the portal's own mails); the activation code also proves
    # a new alternate address
    "accounts_activation_code": MailClass.SECURITY,
    "accounts_prospect_welcome": MailClass.SECURITY,
    "accounts_student_import_finished": MailClass.SERVICE,
    # staff alerts: about one request (threaded with it), about several, the daily digest
    "alert_request": MailClass.REQUEST_STAFF,
    "alert_requests": MailClass.SERVICE,
    "alert_digest": MailClass.SERVICE,
    # notifications
    "mail_test": MailClass.SERVICE,
    # allauth's mails (the adapter stores its template prefix as the event)
    **{f"account/email/{name}": MailClass.SECURITY for name in _ALLAUTH_ACCOUNT},
    **{f"mfa/email/{name}": MailClass.SECURITY for name in _ALLAUTH_MFA},
    "socialaccount/email/account_connected": MailClass.SECURITY,
    "socialaccount/email/account_disconnected": MailClass.SECURITY,
}

# Kinds whose body may hold a secret link (a guest's private follow link).
SECRET_LINK_CLASSES = frozenset({MailClass.REQUEST})


def mail_class(event: str) -> MailClass:
    """The class of a mail's event; an unclassified event counts as security."""
    return MAIL_CLASSES.get(event, MailClass.SECURITY)


def kinds_of(*classes: MailClass) -> list[str]:
    return sorted(event for event, kind in MAIL_CLASSES.items() if kind in classes)


def kinds_except(excluded: MailClass) -> list[str]:
    return sorted(event for event, kind in MAIL_CLASSES.items() if kind != excluded)


def may_hold_secret_link(event: str) -> bool:
    return mail_class(event) in SECRET_LINK_CLASSES or mail_class(event) == MailClass.SECURITY


# An absolute address, or a path with a signed token (``payload:signature``).
_LINK = re.compile(r"https?://[^\s\"'<>]+|/[^\s\"'<>]*:[^\s\"'<>]*")


def redact_links(body: str, placeholder: str) -> str:
    """``body`` with every link replaced, so no secret link can be read from it."""
    return _LINK.sub(placeholder, body)
