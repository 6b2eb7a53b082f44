"""The one place servicestatus queues mail through ``notifications.notify``.

Every status mail (updates, subscription confirmations, maintenance notices)
goes through ``status_mail`` so a change to notify()'s signature (how an
event maps to an optional kind the user may switch off) is made here once.
"""

from django.conf import settings

from notifications.models import OutboxMail
from notifications.services import notify


def status_mail(
    *,
    event: str,
    email: str,
    context: dict,
    thread_key: str,
    user=None,
    language: str | None = None,
    unsubscribe_path: str = "",
) -> OutboxMail | None:
    """Queue one status mail; ``None`` when the user switched this kind of mail off.

    Which events are optional is said once, in ``notifications.kinds.OPTIONAL_EVENTS``:
    ``incident_update`` (to someone who said "affected too") is, while
    ``incident_update_request`` (about the person's own linked request) and
    the mails a subscriber asked for by double opt-in (with their own
    one-click unsubscribe) are not.
    """
    return notify(
        event=event,
        recipient_email=email,
        user=user,
        language=language,
        thread_key=thread_key,
        context={**context, "unsubscribe_path": unsubscribe_path},
        # A subscriber's mail carries their one-click unsubscribe (RFC 8058) too.
        list_unsubscribe=settings.SITE_URL + unsubscribe_path if unsubscribe_path else "",
    )
