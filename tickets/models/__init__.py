"""The tickets app's data: routing (desks, groups, offices), requests, SLA."""

from .routing import (
    Category,
    Desk,
    DeskSettings,
    Office,
    PriorityRule,
    ResolverGroup,
    StandardAnswer,
)
from .sla import Holiday, OpeningHours, SlaTarget
from .tickets import (
    Impact,
    Priority,
    Ticket,
    TicketAttachment,
    TicketCounter,
    TicketEvent,
    TicketLink,
    TicketMessage,
    TicketStatus,
    Urgency,
)
from .workspace import SavedView, TicketSeen

__all__ = [
    "Category",
    "Desk",
    "DeskSettings",
    "Holiday",
    "Impact",
    "Office",
    "OpeningHours",
    "Priority",
    "PriorityRule",
    "ResolverGroup",
    "SavedView",
    "SlaTarget",
    "StandardAnswer",
    "Ticket",
    "TicketAttachment",
    "TicketCounter",
    "TicketEvent",
    "TicketLink",
    "TicketMessage",
    "TicketSeen",
    "TicketStatus",
    "Urgency",
]
