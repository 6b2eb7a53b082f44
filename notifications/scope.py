"""Which outbox mails a staff member may see, asked of the app that owns the rule.

The outbox does not know what a request is. The tickets app's access module
(``tickets.access.mails_visible_to``: the same rule as for the request
itself) registers here when the apps are ready, so this app never imports
it. Until a rule is registered only superusers see mails.
"""

from collections.abc import Callable

from django.db.models import QuerySet

SECURITY_MAIL_PERMISSION = "notifications.view_security_mail"

MailScope = Callable[[object, QuerySet], QuerySet]
_rule: MailScope | None = None


def register_mail_scope(rule: MailScope) -> None:
    global _rule
    _rule = rule


def mails_visible_to(user, queryset: QuerySet) -> QuerySet:
    """The mails of ``queryset`` that ``user`` may see (see ``tickets.access``)."""
    if _rule is None:
        return queryset if user.is_active and user.is_superuser else queryset.none()
    return _rule(user, queryset)


def may_read_security_mail(user) -> bool:
    """Superusers, and a role explicitly given ``notifications.view_security_mail``."""
    return bool(
        user.is_authenticated
        and user.is_active
        and user.is_staff
        and user.has_perm(SECURITY_MAIL_PERMISSION)
    )
