"""The kinds of mail a user may switch off; everything else always goes.

Security mails (codes, password resets, a new MFA device, a changed
password) have no kind, so no preference can stop them. A feature that adds
an optional mail adds its kind here and passes it as ``optional_kind``.
"""

from django.utils.translation import gettext_lazy as _

OPTIONAL_KINDS: dict[str, str] = {
    "survey": _("Satisfaction surveys after a request is closed"),
    "digest": _("A digest of news from the service desk"),
    "reminder": _("Reminders about open requests and appointments"),
}

# Events whose every mail carries a secret link that acts for the recipient
# (claims a request, opens it without a login). Nobody but the recipient
# needs to read such a body; the outbox admin uses this to hide it. Mails to
# a guest about their request carry the private link too, whatever the event.
SECRET_LINK_EVENTS: frozenset[str] = frozenset({"ticket_filed_guest", "ticket_claim_link"})
