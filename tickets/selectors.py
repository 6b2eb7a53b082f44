"""Reads shared by views, admin, services and tasks."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q

from accounts.models import User

from . import access
from .choices import DEFAULT_PRIORITY_MATRIX, FINISHED_STATUSES, OPEN_STATUSES
from .models import (
    Category,
    Holiday,
    OpeningHours,
    PriorityRule,
    SlaTarget,
    Ticket,
    TicketAttachment,
    TicketEvent,
)
from .sla import BusinessCalendar, calendar_from_rows

PAGE_SIZE = 25


def priority_for(*, impact: int, urgency: int) -> int:
    """The priority the lead's matrix gives; the default matrix when a cell is missing."""
    rule = PriorityRule.objects.filter(impact=impact, urgency=urgency).first()
    if rule is not None:
        return rule.priority
    return DEFAULT_PRIORITY_MATRIX[(impact, urgency)]


def business_calendar() -> BusinessCalendar:
    """The desk's opening hours and holidays as the SLA arithmetic wants them."""
    hours = OpeningHours.objects.values_list("weekday", "opens", "closes")
    holidays = Holiday.objects.values_list("date", flat=True)
    return calendar_from_rows(hours, holidays)


def sla_target_for(priority: int) -> SlaTarget | None:
    return SlaTarget.objects.filter(priority=priority).first()


def categories_for_filing() -> list[tuple[str, list[tuple[int, str]]]]:
    """Active categories as (top-level name, [(id, name), ...]) groups for a select.

    A top-level category without children is its own group of one. The tree is
    small (tens of rows), so it is read once and grouped in Python.
    """
    rows = list(Category.objects.filter(is_active=True).order_by("position", "name_nl"))
    children: dict[int | None, list[Category]] = {}
    for row in rows:
        children.setdefault(row.parent_id, []).append(row)
    groups = []
    for top in children.get(None, []):
        kids = children.get(top.pk, [])
        if kids:
            groups.append((top.name, [(kid.pk, kid.name) for kid in kids]))
        else:
            groups.append(("", [(top.pk, top.name)]))
    return groups


# --- Requester side ---------------------------------------------------------


@dataclass(frozen=True)
class Cursor:
    """Keyset position in a list ordered by (-updated_at, -id)."""

    updated_at: datetime
    id: int

    def encode(self) -> str:
        return f"{self.updated_at.isoformat()}_{self.id}"

    @classmethod
    def decode(cls, value: str) -> "Cursor | None":
        stamp, _sep, pk = value.rpartition("_")
        try:
            moment = datetime.fromisoformat(stamp)
            number = int(pk)
        except ValueError:
            return None
        if moment.tzinfo is None or number < 1:
            return None
        return cls(moment, number)


def tickets_of_requester(
    *, user: User, state: str = "open", query: str = "", after: Cursor | None = None
) -> tuple[list[Ticket], Cursor | None]:
    """One page of the user's own requests, newest activity first, and the next cursor.

    Keyset pagination on the (requester, -updated_at, -id) index: no count, and
    the cost of a page does not grow with the number of requests.
    """
    qs = access.requester_tickets(user).select_related("category")
    if state == "open":
        qs = qs.filter(status__in=OPEN_STATUSES)
    elif state == "closed":
        qs = qs.filter(status__in=FINISHED_STATUSES)
    query = query.strip()
    if query:
        qs = qs.filter(Q(reference__iexact=query) | Q(subject__icontains=query))
    if after is not None:
        qs = qs.filter(
            Q(updated_at__lt=after.updated_at) | Q(updated_at=after.updated_at, id__lt=after.id)
        )
    page = list(qs.order_by("-updated_at", "-id")[: PAGE_SIZE + 1])
    next_cursor = None
    if len(page) > PAGE_SIZE:
        page = page[:PAGE_SIZE]
        next_cursor = Cursor(page[-1].updated_at, page[-1].id)
    return page, next_cursor


def ticket_initial_attachments(ticket: Ticket) -> list[TicketAttachment]:
    """The files added when the request was filed."""
    return list(ticket.attachments.filter(message__isnull=True))


# --- For the API (issue 9) ----------------------------------------------------


def ticket_status_history(ticket: Ticket) -> list[TicketEvent]:
    """Filing and every status change, oldest first (the audit rows, one query)."""
    return list(
        ticket.events.filter(type__in=[TicketEvent.Type.FILED, TicketEvent.Type.STATUS_CHANGED])
        .select_related(None)
        .order_by("created_at", "id")
    )


def desk_has_agents(desk) -> bool:
    """Whether any active staff member works at the desk's first line."""
    return desk.agents.filter(is_active=True, is_staff=True).exists()
