"""The one door for "who may see or act on this request".

Every question of the form "may this person see or act on this request, its
messages, its attachments, its appointments or its mails?" is answered here
and nowhere else: the requester pages, the guest pages, the API, the admin
querysets, the appointment services and the outbox admin all ask this
module. A second copy of such a rule is how a staff role once came to read
every mail while its request list was scoped.

Who sees a request:

* its requester (signed in), or a guest whose session holds the access the
  private link granted (``grant_guest_access``); internal notes and
  their files never;
* a first-line agent of the request's desk, a second-line agent of its
  resolver group; the servicedesk lead and superusers see every request.

Missing and forbidden get the same answer: ``Http404`` from the lookups
here, or an object simply absent from an admin queryset (the admin then
answers with its usual "does not exist" redirect).
"""

from collections.abc import Mapping
from functools import cache, lru_cache
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts import roles
from accounts.models import User
from core.prepared import PreparedQuery
from notifications import kinds
from notifications.scope import may_read_security_mail

from .choices import MessageKind
from .models import Desk, ResolverGroup, Ticket, TicketAttachment, TicketMessage

SESSION_KEY = "tickets_guest_access"
_ROLE_NAMES_CACHE = "_tickets_role_names"


# --- Staff --------------------------------------------------------------------


def staff_sees_everything(user: User) -> bool:
    """Superusers and the servicedesk lead see every desk.

    Remembered on the user object for the rest of the request (as Django
    caches permissions), so asking twice costs one query, not two.
    """
    if user.is_superuser:
        return True
    return roles.SERVICEDESK_LEAD in _role_names(user)


def _role_names(user: User) -> frozenset[str]:
    """The user's role groups, read once per request and remembered on the user object."""
    cached = getattr(user, _ROLE_NAMES_CACHE, None)
    if cached is None:
        cached = frozenset(group.name for group in user.groups.all())
        setattr(user, _ROLE_NAMES_CACHE, cached)
    return cached


def _is_active_staff(user: User | None) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active and user.is_staff)


def tickets_visible_to(user: User) -> QuerySet[Ticket]:
    """Requests a staff member may see: those of their desks and resolver groups."""
    if not _is_active_staff(user):
        return Ticket.objects.none()
    if staff_sees_everything(user):
        return Ticket.objects.all()
    # Straight from the membership tables: the same rows as ``user.desks``
    # and ``user.resolver_groups`` without their join to the desk and group
    # tables, and cheaper to build (the request list builds this scope into
    # about ten statements, issue 23).
    desks = Desk.agents.through.objects.filter(user_id=user.pk).values("desk_id")
    groups = ResolverGroup.members.through.objects.filter(user_id=user.pk)
    return Ticket.objects.filter(
        Q(desk__in=desks) | Q(resolver_group__in=groups.values("resolvergroup_id"))
    )


def staff_may_see(user: User, ticket: Ticket) -> bool:
    """The object-level form of ``tickets_visible_to`` for one request."""
    if not _is_active_staff(user):
        return False
    if staff_sees_everything(user):
        return True
    if user.desks.filter(pk=ticket.desk_id).exists():
        return True
    return bool(
        ticket.resolver_group_id
        and user.resolver_groups.filter(pk=ticket.resolver_group_id).exists()
    )


# "Who may see this request", read the other way round: the staff a rule
# lets in, for the mail lists that must reach them (staff alerts). Each is
# the reverse of one clause of ``tickets_visible_to`` above, kept beside it.


def _active_staff() -> QuerySet[User]:
    return User.objects.filter(is_active=True, is_staff=True)


def first_line_agents_of(desk_id: int) -> QuerySet[User]:
    """The first-line agents who see a desk's requests (its ``agents``)."""
    return _active_staff().filter(desks=desk_id)


def resolver_group_members(group_id: int) -> QuerySet[User]:
    """The second-line agents who see the requests of one resolver group."""
    return _active_staff().filter(resolver_groups=group_id)


def servicedesk_leads() -> QuerySet[User]:
    """The servicedesk leads: they see every desk, and answer for every desk's SLA.

    Superusers also see everything, but are not the desk's lead.
    """
    return _active_staff().filter(groups__name=roles.SERVICEDESK_LEAD)


def desk_leads_of(desk_id: int | None) -> QuerySet[User]:
    """The leads who answer for one desk: lead-role members among its agents, else every lead.

    There is no per-desk lead in the data: a lead linked to desks through
    ``Desk.agents`` leads those desks; when no lead is linked to this desk,
    all servicedesk leads do (they see every desk anyway).
    """
    leads = servicedesk_leads()
    if desk_id is not None:
        linked = leads.filter(desks=desk_id)
        if linked.exists():
            return linked
    return leads


def desks_managed_by(user: User, queryset: QuerySet, field: str = "desk") -> QuerySet:
    """Rows of the desks whose set-up (hours, availability, calendar) this agent keeps.

    A desk's configuration belongs to its own first line; the lead keeps
    every desk's. ``field`` names the path from the row to the desk ("pk"
    for desks themselves).
    """
    if staff_sees_everything(user):
        return queryset
    return queryset.filter(**{f"{field}__in": user.desks.values("pk")})


def dashboard_desks(user: User) -> QuerySet[Desk]:
    """The desks whose figures a staff member may see on the lead dashboard (insights).

    The servicedesk lead and superusers see every desk. There is no per-desk
    lead in the data: a staff member given "Can view the dashboard of their
    desks" (``insights.view_dashboard``) sees the desks they are a first-line
    agent of (``Desk.agents``). Anyone else sees none, and may not open it.
    """
    if not _is_active_staff(user):
        return Desk.objects.none()
    if staff_sees_everything(user):
        return Desk.objects.all()
    if user.has_perm("insights.view_dashboard"):
        return Desk.objects.filter(pk__in=user.desks.values("pk"))
    return Desk.objects.none()


def may_view_dashboard(user: User) -> bool:
    """Whether the lead dashboard opens for ``user`` at all (see ``dashboard_desks``)."""
    if not _is_active_staff(user):
        return False
    return staff_sees_everything(user) or dashboard_desks(user).exists()


def survey_invitations_visible_to(user: User, queryset: QuerySet) -> QuerySet:
    """Survey invitations (surveys) a lead may list: those of the desks of their dashboard.

    The same people as the dashboard: the servicedesk lead every desk, a desk
    lead (``insights.view_dashboard``) their own desks, anyone else nothing.
    """
    if staff_sees_everything(user):
        return queryset
    return queryset.filter(ticket__desk__in=dashboard_desks(user))


# --- Requester and guest ------------------------------------------------------


def requester_tickets(user: User, tickets: QuerySet[Ticket] | None = None) -> QuerySet[Ticket]:
    """The requests a signed-in user filed themselves ("My requests"), of ``tickets`` (all)."""
    if not user.is_authenticated:
        return Ticket.objects.none()
    return (Ticket.objects.all() if tickets is None else tickets).filter(requester=user)


def ticket_of_requester(
    *, user: User, reference: str, tickets: QuerySet[Ticket] | None = None
) -> Ticket:
    """The user's own request, or 404 (also for someone else's).

    ``tickets`` is what to read it from, when more than the request and its
    category (the request page's annotations: ``selectors.request_page_tickets``):
    a queryset built once per process, as the statement is compiled once for
    it (``core.prepared``).
    """
    if not user.is_authenticated:
        raise Http404
    # ``is None``: the truth of a queryset would read every row it selects.
    source = _requests_with_category() if tickets is None else tickets
    ticket = _requester_lookup(source).get_or_none(user.pk, str(reference))
    if ticket is None:
        raise Http404
    return ticket


# Values no account and no request has: where the real ones go in the compiled
# statement (two sets: ``core.prepared`` checks nothing else depends on them).
_STAND_INS = (-2_147_000_001, "\x00reference")
_OTHER_STAND_INS = (-2_147_000_002, "\x00other")


@cache
def _requests_with_category() -> QuerySet[Ticket]:
    return Ticket.objects.select_related("category")


@lru_cache(maxsize=8)
def _requester_lookup(tickets: QuerySet[Ticket]) -> PreparedQuery[Ticket]:
    """``requester_tickets`` narrowed to one reference, compiled once per queryset."""
    return PreparedQuery(
        lambda user_pk, reference: requester_tickets(User(pk=user_pk), tickets).filter(
            reference=reference
        ),
        _STAND_INS,
        _OTHER_STAND_INS,
    )


def grant_guest_access(session, ticket: Ticket) -> None:
    """Remember in the session that this browser may see the request."""
    granted = [pk for pk in session.get(SESSION_KEY, []) if pk != ticket.pk][-19:]
    session[SESSION_KEY] = [*granted, ticket.pk]


def guest_may_see(session: Mapping[str, Any] | None, ticket: Ticket) -> bool:
    """A request filed without an account, opened in this session through its link."""
    if session is None:
        return False
    return ticket.requester_id is None and ticket.pk in session.get(SESSION_KEY, [])


def ticket_of_guest(
    *,
    session,
    reference: str,
    tickets: QuerySet[Ticket] | None = None,
) -> Ticket:
    """The guest's request this session was given through the private link; else 404.

    ``tickets`` is what to read it from, when more than the request and its
    category (as in ``ticket_of_requester``).
    """
    if tickets is None:
        tickets = Ticket.objects.select_related("category")
    ticket = get_object_or_404(tickets, reference=reference)
    if not guest_may_see(session, ticket):
        raise Http404
    return ticket


def guest_ticket_by_pk(*, session, pk: int | None) -> Ticket:
    """As ``ticket_of_guest``, by id (the confirmation page right after filing)."""
    ticket = Ticket.objects.filter(pk=pk or 0).first()
    if ticket is None or not guest_may_see(session, ticket):
        raise Http404
    return ticket


def requester_conversation(ticket: Ticket, *, with_files: bool = True) -> list[TicketMessage]:
    """What the requester sees of the conversation: public replies, never internal notes.

    ``with_files=False`` leaves the files to the caller
    (``selectors.requester_conversation_and_files`` reads them in one query).
    """
    messages = ticket.messages.filter(kind=MessageKind.PUBLIC).select_related(None)
    if with_files:
        messages = messages.prefetch_related("attachments")
    return list(messages.order_by("created_at", "id"))


# --- Acting on a request (for other apps: book, move or cancel) --------------


def may_act(*, ticket: Ticket, acting_user: User | None) -> bool:
    """Whether someone may act on the request (book, move or cancel its appointment).

    ``acting_user`` None is the requester of a request filed without an
    account, who reached it through the private link (the view checked the
    session with ``ticket_of_guest``). A signed-in requester must own the
    request; staff must see it.
    """
    if acting_user is None:
        return ticket.requester_id is None
    if acting_user.is_authenticated and acting_user.is_staff:
        return staff_may_see(acting_user, ticket)
    return ticket.requester_id == acting_user.pk


def check_may_act(*, ticket: Ticket, acting_user: User | None) -> None:
    """``may_act`` for services: refuse with PermissionDenied (views answer 404)."""
    if not may_act(ticket=ticket, acting_user=acting_user):
        raise PermissionDenied


def rows_of_visible_tickets(user: User, queryset: QuerySet) -> QuerySet:
    """Another app's rows (with a ``ticket`` key) of the requests this staff member may see.

    Through the request, not the row's own desk: a second-line agent who may
    offer a request an appointment also sees it in the appointments list.
    """
    if _is_active_staff(user) and staff_sees_everything(user):
        return queryset
    return queryset.filter(ticket__in=tickets_visible_to(user).values("pk"))


# --- Attachments ----------------------------------------------------------------


def attachment_for(*, user: User | None, session, pk: int) -> TicketAttachment:
    """A file someone may download; 404 for a missing one and for a forbidden one.

    The requester (or the guest holding the link) gets the files of the
    request except those of internal notes; staff who see the request get
    them all. ``session`` is None for the API, which has no guest access.
    """
    # A file removed by the data-retention job keeps its row (name, size) but no file.
    attachment = get_object_or_404(
        TicketAttachment.objects.select_related("ticket", "message").exclude(file=""), pk=pk
    )
    ticket = attachment.ticket
    internal = attachment.message is not None and attachment.message.kind == MessageKind.INTERNAL
    signed_in = user is not None and user.is_authenticated
    allowed = (
        (signed_in and ticket.requester_id == user.pk and not internal)
        or (guest_may_see(session, ticket) and not internal)
        or (signed_in and staff_may_see(user, ticket))
    )
    if not allowed:
        raise Http404
    return attachment


# --- Outbox mails ---------------------------------------------------------------


def mails_visible_to(user: User, queryset: QuerySet) -> QuerySet:
    """The outbox mails a staff member may see.

    A mail about a request carries its reference as ``thread_key``; an agent
    sees it when they may see that request. The lead sees every mail but
    the security kinds; those (codes, reset and activation links, MFA,
    welcome) only a superuser or a holder of the dedicated permission sees.
    A kind missing from ``notifications.kinds.MAIL_CLASSES`` is seen by
    nobody but them, so a new kind is hidden until someone classifies it.
    """
    if not _is_active_staff(user):
        return queryset.none()
    if user.is_superuser:
        return queryset
    if staff_sees_everything(user):
        ordinary = Q(event__in=kinds.kinds_except(kinds.MailClass.SECURITY))
    else:
        ordinary = Q(
            event__in=kinds.kinds_of(kinds.MailClass.REQUEST, kinds.MailClass.REQUEST_STAFF),
            thread_key__in=tickets_visible_to(user).values("reference"),
        )
    if may_read_security_mail(user):
        ordinary |= ~Q(event__in=kinds.kinds_except(kinds.MailClass.SECURITY))
    return queryset.filter(ordinary)


# --- Inbound mails (mailin) ------------------------------------------------------


def inbound_mails_visible_to(user: User, queryset: QuerySet) -> QuerySet:
    """The received mails (``mailin.InboundMessage``) a staff member may see.

    The lead and superusers see every one; any agent sees the mail that
    landed on a request they may see; first line also sees the mail tied to
    no request (held, ignored, discarded), because first line triages it.
    """
    if not _is_active_staff(user):
        return queryset.none()
    if staff_sees_everything(user):
        return queryset
    on_visible = Q(ticket__in=tickets_visible_to(user).values("pk"))
    if roles.FIRST_LINE_AGENT in _role_names(user):
        return queryset.filter(on_visible | Q(ticket__isnull=True))
    return queryset.filter(on_visible)
