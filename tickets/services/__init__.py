"""Every change to a request goes through a function here.

Split by sub-domain: filing, the conversation, the status door, triage
(assign, escalate, return, forward, move category), taking, merging and
linking, bulk actions, SLA clocks and claiming guest requests.
"""

from .assignment import ticket_take
from .bulk import (
    BulkOutcome,
    tickets_bulk_answer,
    tickets_bulk_apply,
    tickets_bulk_assign,
    tickets_bulk_merge,
)
from .claim import (
    ClaimLinkError,
    claim_link_check,
    ticket_claim_by_link,
    ticket_claim_link_send,
    tickets_claim_for_user,
)
from .conversation import ticket_reply
from .filing import desk_for_category, reference_next, ticket_file
from .merge import register_merge_step, same_requester, ticket_link, ticket_merge, ticket_unlink
from .sla import (
    ticket_sla_pause,
    ticket_sla_resume,
    ticket_sla_start,
    tickets_auto_close_resolved,
    tickets_flag_breaches,
)
from .status import (
    RATING_CHANGE_DAYS,
    TicketStatusError,
    rating_may_change,
    ticket_close,
    ticket_rate,
    ticket_set_status,
)
from .triage import (
    standard_answer_render,
    ticket_assign,
    ticket_escalate,
    ticket_forward_to_office,
    ticket_recategorise,
    ticket_return_to_first_line,
    ticket_set_priority,
)
from .workspace import ticket_mark_seen

__all__ = [
    "RATING_CHANGE_DAYS",
    "BulkOutcome",
    "ClaimLinkError",
    "TicketStatusError",
    "claim_link_check",
    "desk_for_category",
    "rating_may_change",
    "reference_next",
    "register_merge_step",
    "same_requester",
    "standard_answer_render",
    "ticket_assign",
    "ticket_claim_by_link",
    "ticket_claim_link_send",
    "ticket_close",
    "ticket_escalate",
    "ticket_file",
    "ticket_forward_to_office",
    "ticket_link",
    "ticket_mark_seen",
    "ticket_merge",
    "ticket_rate",
    "ticket_recategorise",
    "ticket_reply",
    "ticket_return_to_first_line",
    "ticket_set_priority",
    "ticket_set_status",
    "ticket_sla_pause",
    "ticket_sla_resume",
    "ticket_sla_start",
    "ticket_take",
    "ticket_unlink",
    "tickets_auto_close_resolved",
    "tickets_bulk_answer",
    "tickets_bulk_apply",
    "tickets_bulk_assign",
    "tickets_bulk_merge",
    "tickets_claim_for_user",
    "tickets_flag_breaches",
]
