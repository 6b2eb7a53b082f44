"""Outbox events other apps may act on without notifications naming them."""

from django.dispatch import Signal

# A mail will not reach its recipient: delivery gave up (failed), or, with
# mail in, a bounce came back for it. Sent with ``mail`` (the OutboxMail)
# inside the transaction that records it; staff alerts tell the assignee
# when the mail was one to a requester. Whatever marks a mail bounced sends
# this too (``notifications.services.outbox_mail_announce_undeliverable``).
outbox_mail_undeliverable = Signal()
