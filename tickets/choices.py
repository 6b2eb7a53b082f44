"""The fixed vocabularies of a request: impact, urgency, priority and status.

The status transition map lives next to the statuses so the one door
(``services.ticket_set_status``) and the admin read the same rules.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Impact(models.IntegerChoices):
    JUST_ME = 1, _("Just me")
    MY_GROUP = 2, _("My group")
    MANY_PEOPLE = 3, _("Many people")


class Urgency(models.IntegerChoices):
    CAN_WAIT = 1, _("It can wait")
    BLOCKS_MY_WORK = 2, _("It blocks my work")
    BLOCKS_MANY_NOW = 3, _("It blocks many people now")


class Priority(models.IntegerChoices):
    P1 = 1, _("P1: critical")
    P2 = 2, _("P2: high")
    P3 = 3, _("P3: normal")
    P4 = 4, _("P4: low")


class TicketStatus(models.TextChoices):
    NEW = "new", _("New")
    IN_PROGRESS = "in_progress", _("In progress")
    WAITING = "waiting", _("Waiting for requester")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed")
    FORWARDED = "forwarded", _("Forwarded (wrong desk)")
    # A duplicate: its conversation moved into ``Ticket.merged_into``
    # (``services.ticket_merge`` is the only way in).
    MERGED = "merged", _("Merged (duplicate)")


class Channel(models.TextChoices):
    """Where a request came in; the filing service sets it, the dashboard counts by it."""

    WEB = "web", _("Web form")
    APP = "app", _("App")
    MAIL = "mail", _("Mail")
    GUEST = "guest", _("Web form without an account")


class MessageKind(models.TextChoices):
    PUBLIC = "public", _("Public reply")
    INTERNAL = "internal", _("Internal note")


class Line(models.TextChoices):
    FIRST = "first", _("First line")
    SECOND = "second", _("Second line")


# Where a request may go from each status. Closed, forwarded and merged are final.
TRANSITIONS: dict[str, frozenset[str]] = {
    TicketStatus.NEW: frozenset(
        {
            TicketStatus.IN_PROGRESS,
            TicketStatus.WAITING,
            TicketStatus.RESOLVED,
            TicketStatus.CLOSED,
            TicketStatus.FORWARDED,
            TicketStatus.MERGED,
        }
    ),
    TicketStatus.IN_PROGRESS: frozenset(
        {
            TicketStatus.WAITING,
            TicketStatus.RESOLVED,
            TicketStatus.CLOSED,
            TicketStatus.FORWARDED,
            TicketStatus.MERGED,
        }
    ),
    TicketStatus.WAITING: frozenset(
        {TicketStatus.IN_PROGRESS, TicketStatus.RESOLVED, TicketStatus.CLOSED, TicketStatus.MERGED}
    ),
    TicketStatus.RESOLVED: frozenset(
        {TicketStatus.IN_PROGRESS, TicketStatus.CLOSED, TicketStatus.MERGED}
    ),
    TicketStatus.CLOSED: frozenset(),
    TicketStatus.FORWARDED: frozenset(),
    TicketStatus.MERGED: frozenset(),
}

# Final statuses: nothing is added to such a request any more.
FINAL_STATUSES = frozenset({TicketStatus.CLOSED, TicketStatus.FORWARDED, TicketStatus.MERGED})
# Statuses that only their own service sets (they need an office or a target),
# so the plain status pickers leave them out.
SPECIAL_STATUSES = frozenset({TicketStatus.FORWARDED, TicketStatus.MERGED})

OPEN_STATUSES = frozenset({TicketStatus.NEW, TicketStatus.IN_PROGRESS, TicketStatus.WAITING})
# Statuses the requester sees under "closed" in My requests.
FINISHED_STATUSES = frozenset(
    {TicketStatus.RESOLVED, TicketStatus.CLOSED, TicketStatus.FORWARDED, TicketStatus.MERGED}
)

# The emergency rule: a request that stops many people now (both answers at
# their highest) shows the desk's emergency phone number before it is filed.
# The form asks ``is_emergency``; the page renders the two values into data
# attributes for ``tickets/emergency.js``, which shows the number while typing.
EMERGENCY_IMPACT = Impact.MANY_PEOPLE
EMERGENCY_URGENCY = Urgency.BLOCKS_MANY_NOW


def is_emergency(impact: object, urgency: object) -> bool:
    """Whether these answers (ints or the posted strings) make an emergency."""
    return str(impact) == str(EMERGENCY_IMPACT.value) and str(urgency) == str(
        EMERGENCY_URGENCY.value
    )


# The default impact x urgency matrix (ITIL-style); the lead edits the live
# one in the admin (PriorityRule), this fills it and is the fallback.
DEFAULT_PRIORITY_MATRIX: dict[tuple[int, int], int] = {
    (3, 3): 1,
    (3, 2): 2,
    (2, 3): 2,
    (3, 1): 3,
    (2, 2): 3,
    (1, 3): 3,
    (2, 1): 4,
    (1, 2): 4,
    (1, 1): 4,
}


def available_statuses(status: str) -> frozenset[str]:
    """The statuses a request in ``status`` may move to."""
    return TRANSITIONS[status]
