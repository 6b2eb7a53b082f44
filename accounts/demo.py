"""Demo accounts, one per role, for the local run and the README.

Every demo account shares one password that obeys the password rules.
"""

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.db import transaction

from . import roles
from .models import Consent, User
from .selectors import user_must_have_mfa
from .services import student_import_row
from .totp import user_install_totp

DEMO_PASSWORD = "Servicedesk-Demo-2026"
# Staff and the prospect must use an authenticator app. The demo accounts
# share this fixed secret (add it to any authenticator app, or run
# ``python manage.py demo_totp agent1``). Never use it for a real account.
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPSERVICEDESKDEMO2"

# A student as the registrar's import leaves them, to try /accounts/activate/.
DEMO_STUDENT_TO_ACTIVATE = {
    "student_number": "0234567",
    "email": "r0234567@student.example.org",
    "first_name": "Nora",
    "last_name": "Demo",
    "initial_password": "Initieel-Demo-2026",
}

DEMO_ACCOUNTS = [
    # username, email, kind, first name, extra fields, role group
    (
        "student",
        "student@example.org",
        User.Kind.STUDENT,
        "Sam",
        {"student_number": "0123456"},
        None,
    ),
    ("prospect", "prospect@example.org", User.Kind.PROSPECT, "Pim", {}, None),
    (
        "alumnus",
        "alumnus@example.org",
        User.Kind.ALUMNUS,
        "Ali",
        {"alumni_number": "Q1234567"},
        None,
    ),
    ("agent1", "agent1@example.org", User.Kind.STAFF, "Fien", {}, roles.FIRST_LINE_AGENT),
    ("agent2", "agent2@example.org", User.Kind.STAFF, "Sander", {}, roles.SECOND_LINE_AGENT),
    # The lead also keeps the knowledgebase and the accounts (roles combine).
    (
        "lead",
        "lead@example.org",
        User.Kind.STAFF,
        "Lotte",
        {},
        (roles.SERVICEDESK_LEAD, roles.KB_EDITOR, roles.ACCOUNT_ADMINISTRATOR),
    ),
]


@transaction.atomic
def seed_demo_accounts() -> list[User]:
    """Create the demo accounts, or reset them to their demo state."""
    users = []
    for username, email, kind, first_name, extra, role in DEMO_ACCOUNTS:
        user = User.objects.filter(username=username).first() or User(username=username)
        user.email = email
        user.kind = kind
        user.first_name = first_name
        user.last_name = "Demo"
        user.is_staff = role is not None
        user.is_active = True
        for field, value in extra.items():
            setattr(user, field, value)
        user.set_password(DEMO_PASSWORD)
        user.full_clean()
        user.save()
        if role:
            names = (role,) if isinstance(role, str) else role
            user.groups.set(Group.objects.filter(name__in=names))
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        if user_must_have_mfa(user):
            user_install_totp(user=user, secret=DEMO_TOTP_SECRET)
        if kind == User.Kind.PROSPECT:
            Consent.objects.get_or_create(user=user, kind=Consent.Kind.PROSPECT_DATA_USE)
        users.append(user)
    # Idempotent: once activated, re-seeding leaves this student alone.
    student_import_row(acting_user=None, **DEMO_STUDENT_TO_ACTIVATE)
    return users


def demo_usernames_with_totp() -> list[str]:
    return [
        username
        for username, _email, kind, _first, _extra, role in DEMO_ACCOUNTS
        if role or kind == User.Kind.PROSPECT
    ]
