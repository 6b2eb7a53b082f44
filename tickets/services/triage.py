"""Staff triage: assign, escalate, return, forward to another office, move category."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from core import clock
from core.translation import in_language
from tickets import access, events, notifications, selectors, signals
from tickets.choices import OPEN_STATUSES, Line, MessageKind, TicketStatus
from tickets.models import Category, Office, ResolverGroup, StandardAnswer, Ticket, TicketMessage
from tickets.placeholders import KNOWN

from .filing import desk_for_category
from .status import ticket_set_status


def standard_answer_render(
    *, answer: StandardAnswer, ticket: Ticket, office: Office | None = None
) -> str:
    """The answer in the requester's language with its placeholders filled in.

    Only the known placeholders are replaced, so stray braces in the text
    written by the lead are left alone instead of raising.
    """
    language = ticket.requester_language
    values = {
        "requester_name": ticket.requester_name,
        "reference": ticket.reference,
        "office_contact": office.contact_details(language) if office else "",
    }
    text = in_language(answer, "body", language)
    return KNOWN.sub(lambda match: values[match.group(1)], text)


def _place(ticket: Ticket) -> tuple:
    """Where the request counts (desk, category, channel, priority, line): see ``ticket_moved``."""
    return (ticket.desk_id, ticket.category_id, ticket.channel, ticket.priority, ticket.line)


def _moved(ticket: Ticket, old: tuple, acting_user: User) -> None:
    if _place(ticket) != old:
        signals.ticket_moved.send(sender=Ticket, ticket=ticket, old=old, acting_user=acting_user)


def _require_open(ticket: Ticket) -> None:
    if ticket.status not in OPEN_STATUSES:
        raise ValidationError(_("Only open requests can be triaged."), code="not_open")


def _internal_note(ticket: Ticket, acting_user: User, body: str) -> TicketMessage:
    message = TicketMessage(
        ticket=ticket,
        author=acting_user,
        author_name=acting_user.get_full_name() or acting_user.email,
        is_staff_reply=True,
        kind=MessageKind.INTERNAL,
        body=body,
        created_at=clock.now(),
    )
    message.save()
    events.ticket_message_added_event(ticket=ticket, message=message)
    return message


@transaction.atomic
def ticket_assign(*, ticket: Ticket, assignee: User | None, acting_user: User) -> Ticket:
    """Give the request to ``assignee`` (None: nobody)."""
    old = ticket.assignee
    if (old.pk if old else None) == (assignee.pk if assignee else None):
        return ticket
    ticket.assignee = assignee
    ticket.updated_at = clock.now()
    ticket.save(update_fields=["assignee", "updated_at"])
    events.ticket_assigned_event(ticket=ticket, acting_user=acting_user, old=old, new=assignee)
    return ticket


def _hand_over_assignee(ticket: Ticket, *, keep: bool, acting_user: User) -> list[str]:
    """Escalating or returning keeps the assignee only when asked to; clearing it is audited.

    Returns the field to save, if any.
    """
    if keep or ticket.assignee_id is None:
        return []
    old = ticket.assignee
    ticket.assignee = None
    events.ticket_assigned_event(ticket=ticket, acting_user=acting_user, old=old, new=None)
    return ["assignee"]


@transaction.atomic
def ticket_escalate(
    *,
    ticket: Ticket,
    group: ResolverGroup,
    note: str,
    acting_user: User,
    keep_assignee: bool = False,
) -> Ticket:
    """Hand the request to a second-line resolver group, with a note saying why.

    The note is internal; the requester is told that specialists took over.
    Unless ``keep_assignee``, nobody is assigned afterwards (the group takes
    it from "Escalated to my group"); the change of assignee is audited.
    """
    if not note.strip():
        raise ValidationError(_("Say why you escalate: the specialists read this note."))
    _require_open(ticket)
    old_group = ticket.resolver_group
    if old_group is not None and old_group.pk == group.pk:
        raise ValidationError(_("The request is already with this group."), code="same_group")
    place = _place(ticket)
    ticket.line = Line.SECOND
    ticket.resolver_group = group
    cleared = _hand_over_assignee(ticket, keep=keep_assignee, acting_user=acting_user)
    ticket.updated_at = clock.now()
    ticket.save(update_fields=["line", "resolver_group", "updated_at", *cleared])
    _moved(ticket, place, acting_user)
    _internal_note(ticket, acting_user, note.strip())
    events.ticket_escalated_event(
        ticket=ticket, acting_user=acting_user, old_group=old_group, new_group=group
    )
    if ticket.status == TicketStatus.NEW:
        ticket_set_status(
            ticket=ticket, status=TicketStatus.IN_PROGRESS, acting_user=acting_user, send_mail=False
        )
    notifications.ticket_escalated(ticket)
    signals.ticket_escalated.send(sender=Ticket, ticket=ticket, acting_user=acting_user)
    return ticket


@transaction.atomic
def ticket_return_to_first_line(
    *, ticket: Ticket, note: str, acting_user: User, keep_assignee: bool = False
) -> Ticket:
    """Second line gives the request back to the desk's first line.

    As with escalating, the assignee stays only when asked to, and clearing
    it is audited.
    """
    _require_open(ticket)
    if ticket.line == Line.FIRST:
        raise ValidationError(_("The request is already with first line."), code="first_line")
    old_group = ticket.resolver_group
    place = _place(ticket)
    ticket.line = Line.FIRST
    ticket.resolver_group = None
    cleared = _hand_over_assignee(ticket, keep=keep_assignee, acting_user=acting_user)
    ticket.updated_at = clock.now()
    ticket.save(update_fields=["line", "resolver_group", "updated_at", *cleared])
    _moved(ticket, place, acting_user)
    if note.strip():
        _internal_note(ticket, acting_user, note.strip())
    events.ticket_returned_event(ticket=ticket, acting_user=acting_user, old_group=old_group)
    signals.ticket_returned.send(sender=Ticket, ticket=ticket, acting_user=acting_user)
    return ticket


@transaction.atomic
def ticket_forward_to_office(
    *, ticket: Ticket, office: Office, answer: StandardAnswer, acting_user: User
) -> Ticket:
    """Wrong desk: answer with the office's contact details and close as forwarded."""
    _require_open(ticket)
    text = standard_answer_render(answer=answer, ticket=ticket, office=office)
    now = clock.now()
    message = TicketMessage.objects.create(
        ticket=ticket,
        author=acting_user,
        author_name=acting_user.get_full_name() or acting_user.email,
        is_staff_reply=True,
        kind=MessageKind.PUBLIC,
        body=text,
        created_at=now,
    )
    events.ticket_message_added_event(ticket=ticket, message=message)
    if ticket.first_response_at is None:
        ticket.first_response_at = now
        ticket.save(update_fields=["first_response_at"])
        signals.ticket_first_responded.send(sender=Ticket, ticket=ticket, acting_user=acting_user)
    events.ticket_forwarded_event(ticket=ticket, acting_user=acting_user, office=office)
    ticket_set_status(
        ticket=ticket,
        status=TicketStatus.FORWARDED,
        acting_user=acting_user,
        note=office.name,
        send_mail=False,
        forwarded_to=office,
    )
    notifications.ticket_forwarded(ticket, office, text)
    return ticket


def _fileable(category: Category) -> bool:
    """A category a requester could pick: the filing select's choices (a small table)."""
    return any(
        pk == category.pk
        for _group, options in selectors.categories_for_filing()
        for pk, _name in options
    )


@transaction.atomic
def ticket_recategorise(
    *, ticket: Ticket, category: Category, note: str, acting_user: User
) -> Ticket:
    """Move a request filed under the wrong category, and so to the right desk.

    Only categories a requester could choose when filing are accepted. The
    desk follows the filing rule (``desk_for_category``); when it changes, the
    request starts again at that desk's first line: no resolver group, nobody
    assigned. Priority and the SLA due times stay as they were: the promise
    made to the requester at filing stands, whoever works the request. The
    note saying why is internal, and the requester gets no mail: for them
    nothing changes but who helps.
    """
    if not note.strip():
        raise ValidationError(
            _("Say why the request belongs in another category."), code="note_required"
        )
    _require_open(ticket)
    if category.pk == ticket.category_id:
        raise ValidationError(_("The request is already in this category."), code="same_category")
    if not _fileable(category):
        raise ValidationError(
            _("Choose an active category that requesters can pick when filing."),
            code="not_fileable",
        )
    old = events.routing_snapshot(ticket)
    place = _place(ticket)
    desk = desk_for_category(category)
    fields = ["category", "desk", "updated_at"]
    ticket.category = category
    if desk.pk != ticket.desk_id:
        # A desk without agents would hide the request from everyone but the
        # lead, with nothing telling them to look: an agent is refused; the
        # lead may route it there, and then it is theirs (assigned to them).
        nobody_there = not selectors.desk_has_agents(desk)
        if nobody_there and not access.staff_sees_everything(acting_user):
            raise ValidationError(
                _(
                    "Nobody works at the first line of %(desk)s yet, so nobody would see the "
                    "request there. Ask the lead to add agents to that desk first."
                )
                % {"desk": desk.name},
                code="desk_has_no_agents",
            )
        ticket.desk = desk
        ticket.line = Line.FIRST
        ticket.resolver_group = None
        ticket.assignee = acting_user if nobody_there else None
        fields += ["line", "resolver_group", "assignee"]
    ticket.updated_at = clock.now()
    ticket.save(update_fields=fields)
    _moved(ticket, place, acting_user)
    _internal_note(ticket, acting_user, note.strip())
    events.ticket_category_changed_event(
        ticket=ticket, acting_user=acting_user, old=old, new=events.routing_snapshot(ticket)
    )
    return ticket


@transaction.atomic
def ticket_set_priority(*, ticket: Ticket, priority: int, acting_user: User) -> Ticket:
    """Override the matrix's priority; the SLA due times follow from the filing time."""
    from .sla import ticket_sla_start

    old = ticket.priority
    if old == priority:
        return ticket
    place = _place(ticket)
    ticket.priority = priority
    ticket_sla_start(ticket=ticket, at=ticket.created_at)
    if ticket.sla_paused_remaining is not None:
        ticket.resolution_due_at = None  # still paused; resumes from what was left
    ticket.updated_at = clock.now()
    ticket.save(update_fields=["priority", "response_due_at", "resolution_due_at", "updated_at"])
    _moved(ticket, place, acting_user)
    events.ticket_priority_changed_event(
        ticket=ticket, acting_user=acting_user, old=old, new=priority
    )
    return ticket
