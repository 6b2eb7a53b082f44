"""Reads shared by views, admin, services and tasks."""

from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.formats import get_format

from accounts.models import User
from core.business_hours import BusinessCalendar, calendar_from_rows

from . import access, page_sections
from .choices import (
    DEFAULT_PRIORITY_MATRIX,
    FINISHED_STATUSES,
    OPEN_STATUSES,
    Priority,
    TicketStatus,
)
from .models import (
    Category,
    Holiday,
    OpeningHours,
    PriorityRule,
    SlaTarget,
    Ticket,
    TicketAttachment,
    TicketEvent,
    TicketLink,
    TicketMessage,
)

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
    the cost of a page does not grow with the number of requests. The default
    "open" view reads the partial index ``tickets_requester_open``, whose
    condition is this filter (sorted, as in the index), so the page does not
    grow with the open requests of everyone else either.
    """
    qs = access.requester_tickets(user).select_related("category")
    if state == "open":
        qs = qs.filter(status__in=sorted(OPEN_STATUSES))
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


@dataclass(frozen=True)
class RequesterRow:
    """One line of My requests, with its words and link already worked out."""

    reference: str
    url: str
    subject: str
    status: str
    status_label: str
    priority_label: str
    updated_iso: str
    updated_text: str


def requester_rows(tickets: list[Ticket]) -> list[RequesterRow]:
    """The page's rows, computed once in Python rather than per cell in the template.

    The template used to call ``get_status_display``/``get_priority_display``
    (each rebuilds the field's choices dict), ``{% url %}`` and two date
    filters in every row: with 25 rows that was most of the page's time
    (issue 23). Here each label is translated once per page, the link is one
    ``reverse`` with the reference filled in, and the two date formats are
    looked up once.
    """
    if not tickets:
        return []
    statuses = {value: str(label) for value, label in TicketStatus.choices}
    priorities = {value: str(label) for value, label in Priority.choices}
    placeholder = "SD-0000-000000"
    link = reverse("tickets:detail", kwargs={"reference": placeholder})
    short = get_format("SHORT_DATETIME_FORMAT")
    rows = []
    for ticket in tickets:
        updated = timezone.localtime(ticket.updated_at)
        rows.append(
            RequesterRow(
                reference=ticket.reference,
                url=link.replace(placeholder, ticket.reference),
                subject=ticket.subject,
                status=ticket.status,
                status_label=statuses.get(ticket.status, ticket.status),
                priority_label=priorities.get(ticket.priority, str(ticket.priority)),
                updated_iso=updated.strftime("%Y-%m-%dT%H:%M:%S%z"),  # = "Y-m-d\\TH:i:sO"
                updated_text=dateformat.format(updated, short),
            )
        )
    return rows


def requester_conversation_and_files(
    ticket: Ticket,
) -> tuple[list[TicketMessage], list[TicketAttachment]]:
    """The public conversation and the files filed with the request: two queries.

    One, when the request was read with ``request_page_annotations`` and has no files.

    The files of the messages and those added when filing come from one
    query (it was one for each); each message's ``attachments.all()`` is
    served from what was read, as ``prefetch_related`` would.
    """
    messages = access.requester_conversation(ticket, with_files=False)
    by_message: dict[int, list[TicketAttachment]] = {message.pk: [] for message in messages}
    initial: list[TicketAttachment] = []
    files = TicketAttachment.objects.filter(ticket=ticket).filter(
        Q(message__isnull=True) | Q(message__in=list(by_message))
    )
    # Read with the request (``request_page_annotations``): most have no files.
    if getattr(ticket, "has_files", True) is False:
        files = files.none()
    for attachment in files.order_by("created_at", "id"):
        if attachment.message_id is None:
            initial.append(attachment)
        else:
            by_message[attachment.message_id].append(attachment)
    for message in messages:
        related = message.attachments.all()
        related._result_cache = by_message[message.pk]
        related._prefetch_done = True
        message._prefetched_objects_cache = {"attachments": related}
    return messages, initial


def request_page_annotations() -> dict[str, Any]:
    """What the requester's request page reads with the request itself.

    Whether it has files, and whether each registered page section has
    anything (``page_sections``): EXISTS probes of indexed foreign keys in
    the same statement, so a request without files or appointments costs
    the page two queries fewer (issue 23).
    """
    return {"has_files": has_files_annotation(), **page_sections.request_page_annotations()}


def request_page_tickets() -> QuerySet[Ticket]:
    """The requests as the request page reads them: with the category and
    ``request_page_annotations``, to be narrowed by ``access``.

    Built once per process (per set of registered sections) and never read
    itself: every view filters a copy. Building the EXISTS annotations anew
    for each view cost about 0.35 ms of its 3.5 ms (issue 23).
    """
    return _request_page_tickets(page_sections.registered_count())


@cache
def _request_page_tickets(_sections: int) -> QuerySet[Ticket]:
    return Ticket.objects.select_related("category").annotate(**request_page_annotations())


@cache
def api_detail_tickets() -> QuerySet[Ticket]:
    """The requests as the API's detail reads them: with the category and ``has_files``.

    Built once per process, as ``request_page_tickets``.
    """
    return Ticket.objects.select_related("category").annotate(has_files=has_files_annotation())


def has_files_annotation() -> Exists:
    """Whether the request has any file, read with it (``requester_conversation_and_files``
    then skips its files query when there are none)."""
    return Exists(TicketAttachment.objects.filter(ticket=OuterRef("pk")))


def ticket_initial_attachments(ticket: Ticket) -> list[TicketAttachment]:
    """The files added when the request was filed."""
    return list(ticket.attachments.filter(message__isnull=True))


# --- For the API ------------------------------------------------------------


def ticket_status_history(ticket: Ticket) -> list[TicketEvent]:
    """Filing and every status change, oldest first (the audit rows, one query)."""
    return list(
        ticket.events.filter(type__in=[TicketEvent.Type.FILED, TicketEvent.Type.STATUS_CHANGED])
        .select_related(None)
        .order_by("created_at", "id")
    )


# --- Merging and related requests -----------------------------------

MERGE_CANDIDATES = 10


def merge_candidates(*, ticket: Ticket, user: User) -> list[Ticket]:
    """The requester's other requests this agent could merge ``ticket`` into.

    Open or resolved ones the agent may see, newest activity first; at most
    ``MERGE_CANDIDATES`` (a requester's own list, on the requester index).
    """
    statuses = sorted(OPEN_STATUSES | {TicketStatus.RESOLVED})
    qs = access.tickets_visible_to(user).exclude(pk=ticket.pk).filter(status__in=statuses)
    if ticket.requester_id:
        qs = qs.filter(requester_id=ticket.requester_id)
    else:
        qs = qs.filter(requester__isnull=True, requester_email__iexact=ticket.requester_email)
    return list(qs.order_by("-updated_at", "-id")[:MERGE_CANDIDATES])


def ticket_by_reference_for(*, user: User, reference: str) -> Ticket | None:
    """A request by its reference, if this staff member may see it (None otherwise)."""
    reference = reference.strip().upper()
    if not reference:
        return None
    return access.tickets_visible_to(user).filter(reference=reference).first()


@dataclass(frozen=True)
class TicketRelations:
    """Where a request stands among others: merged into, merged in, related."""

    merged_into: Ticket | None
    merged_from: list[Ticket]
    related: list[Ticket]


def ticket_relations(*, ticket: Ticket, user: User) -> TicketRelations:
    """The requests tied to ``ticket`` that ``user`` may see (three small queries)."""
    visible = access.tickets_visible_to(user).only("pk", "reference", "subject", "status")
    pairs = TicketLink.objects.filter(Q(low=ticket) | Q(high=ticket)).values_list(
        "low_id", "high_id"
    )
    other_ids = [high if low == ticket.pk else low for low, high in pairs]
    related = list(visible.filter(pk__in=other_ids).order_by("reference")) if other_ids else []
    tied = list(
        visible.filter(Q(pk=ticket.merged_into_id or 0) | Q(merged_into=ticket)).order_by(
            "reference"
        )
    )
    merged_into = next((t for t in tied if t.pk == ticket.merged_into_id), None)
    return TicketRelations(
        merged_into=merged_into,
        merged_from=[t for t in tied if t.pk != ticket.merged_into_id],
        related=related,
    )


def merge_destination_for_requester(ticket: Ticket) -> tuple[str, str] | None:
    """Where a merged request went, as its requester may follow it: (reference, path).

    The path is empty when someone else filed the kept request: the requester
    learns its reference (the mail names it too), never another person's page.
    """
    if ticket.merged_into_id is None:
        return None
    from .notifications import requester_path
    from .services.merge import same_requester

    target = ticket.merged_into
    return target.reference, requester_path(target) if same_requester(ticket, target) else ""


# --- The agent workspace's request page ---------------------------------------


@dataclass(frozen=True)
class TimelineEntry:
    """One line of the request page's timeline: a message or an audit event."""

    at: datetime
    message: object | None = None
    event: TicketEvent | None = None


def ticket_timeline(ticket: Ticket) -> list[TimelineEntry]:
    """Messages (with their files) and audit events in time order. Three queries.

    The description is shown above as the request's first message; replies,
    internal notes and events follow as they happened.
    """
    messages = ticket.messages.select_related(None).prefetch_related("attachments")
    events = TicketEvent.objects.filter(ticket=ticket).select_related("acting_user")
    entries = [TimelineEntry(at=m.created_at, message=m) for m in messages]
    entries += [TimelineEntry(at=e.created_at, event=e) for e in events]
    return sorted(entries, key=lambda entry: (entry.at, entry.event is not None))


REQUESTER_OTHERS = 5


def requester_other_open_tickets(user: User, ticket: Ticket) -> list[Ticket]:
    """The requester's other open requests this agent may see (a few, newest first)."""
    same = (
        Q(requester=ticket.requester_id)
        if ticket.requester_id
        else Q(requester__isnull=True, requester_email=ticket.requester_email)
    )
    return list(
        access.tickets_visible_to(user)
        .filter(same, status__in=sorted(OPEN_STATUSES))
        .exclude(pk=ticket.pk)
        .only("pk", "reference", "subject", "status")
        .order_by("-updated_at", "-id")[:REQUESTER_OTHERS]
    )


def agents_for_ticket(ticket: Ticket) -> list[User]:
    """Whom a request may be assigned to: its desk's first line and its group's members."""
    condition = Q(desks=ticket.desk_id)
    if ticket.resolver_group_id:
        condition |= Q(resolver_groups=ticket.resolver_group_id)
    return list(
        User.objects.filter(condition, is_active=True, is_staff=True)
        .distinct()
        .order_by("first_name", "last_name", "email")
    )


def desk_has_agents(desk) -> bool:
    """Whether any active staff member works at the desk's first line."""
    return desk.agents.filter(is_active=True, is_staff=True).exists()
