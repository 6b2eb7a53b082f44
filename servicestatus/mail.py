"""The one place servicestatus queues mail through ``notifications.notify``.

Every status mail (updates, subscription confirmations, maintenance notices)
goes through ``status_mail`` so a change to notify()'s signature (how an
event maps to an optional kind the user may switch off) is made here once.
"""

from notifications.models import OutboxMail
from notifications.services import notify

#: Events a user may switch off under the "incident" preference. A person
#: whose own request is linked always gets the mail (it is about their request).
OPTIONAL_KIND = "incident"


def status_mail(
    *,
    event: str,
    email: str,
    context: dict,
    thread_key: str,
    user=None,
    language: str | None = None,
    optional: bool = False,
) -> OutboxMail | None:
    """Queue one status mail; ``None`` when the user switched optional status mail off."""
    return notify(
        event=event,
        recipient_email=email,
        user=user,
        language=language,
        thread_key=thread_key,
        optional_kind=OPTIONAL_KIND if optional else None,
        context=context,
    )
