"""What happened to a request, announced for features that must not be named here.

Services send these inside their transaction, after the change and its audit
row, so a receiver that writes rows commits or rolls back with the change.
Staff alerts (the ``alerts`` app) listen; tickets never imports them. Every
signal passes ``ticket`` and ``acting_user`` (None for the system or a guest).
"""

from django.dispatch import Signal

# A new request was filed (web, app, or later mail).
ticket_filed = Signal()
# First line (or a group) handed the request to ``ticket.resolver_group``.
ticket_escalated = Signal()
# Second line gave the request back to first line.
ticket_returned = Signal()
# The requester wrote a public reply (web, app or mail): also ``message``.
ticket_requester_replied = Signal()
# The beat job flagged the request's SLA as breached.
ticket_sla_breached = Signal()
# ``ticket_set_status`` moved the request: also ``old`` and ``new`` statuses.
ticket_status_changed = Signal()
# The desk answered the requester for the first time (a reply or a forward).
ticket_first_responded = Signal()
# A service moved the request to another desk, category, priority or line:
# also ``old``, the tuple (desk_id, category_id, channel, priority, line) it had.
# Sent right after the save, before the move's own audit events.
ticket_moved = Signal()
# The requester answered the satisfaction question (portal, survey mail):
# also ``score`` and ``old_score`` (None on the first answer), so a listener
# can keep totals right when an answer is changed.
ticket_rated = Signal()
