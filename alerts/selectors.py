"""Who gets an alert, and how each staff member wants it.

Recipients come from ``tickets.access`` read the other way round, so an
alert reaches exactly the staff that the one access rule lets see the
request; this module only says which of its clauses each kind follows.
"""

from accounts.models import User
from tickets import access
from tickets.models import Ticket, TicketEvent

from .models import AlertEvent, AlertKind, AlertMode, AlertPreference

K = AlertKind


def _escalating_agent(event: AlertEvent) -> User | None:
    """Who escalated the request from first line (the latest such escalation before the return)."""
    escalation = (
        TicketEvent.objects.filter(
            ticket_id=event.ticket_id,
            type=TicketEvent.Type.ESCALATED,
            created_at__lte=event.created_at,
            data__old=None,
        )
        .select_related("acting_user")
        .order_by("-created_at", "-id")
        .first()
    )
    return escalation.acting_user if escalation else None


def _assignee_else_first_line(event: AlertEvent) -> list[User]:
    if event.target_user is not None:
        return [event.target_user]
    return list(access.first_line_agents_of(event.desk_id))


def alert_recipients(event: AlertEvent) -> list[User]:
    """The staff an event is for; never the person who caused it, never twice.

    * new request → the first-line agents of its desk;
    * escalation → the members of the resolver group;
    * return to first line → the first-line agent who escalated;
    * requester replied, mail undeliverable → the assignee, else the desk's first line;
    * SLA approaching or breached → the assignee and the servicedesk leads;
    * a 1-2 satisfaction answer → the leads of the request's desk (``access.desk_leads_of``).
    """
    kind = event.kind
    if kind == K.NEW_REQUEST:
        candidates = list(access.first_line_agents_of(event.desk_id))
    elif kind == K.ESCALATED:
        group = event.resolver_group_id
        candidates = list(access.resolver_group_members(group)) if group else []
    elif kind == K.RETURNED:
        escalator = _escalating_agent(event)
        candidates = [escalator] if escalator else []
    elif kind in (K.REQUESTER_REPLIED, K.UNDELIVERABLE):
        candidates = _assignee_else_first_line(event)
    elif kind == K.NEGATIVE_RATING:
        candidates = list(access.desk_leads_of(event.desk_id))
    else:  # SLA warning and breach
        candidates = [event.target_user] if event.target_user else []
        candidates += list(access.servicedesk_leads())
    ticket: Ticket = event.ticket
    recipients: dict[int, User] = {}
    for user in candidates:
        if user.pk in recipients or user.pk == event.actor_id or not user.email:
            continue
        # A named person (assignee, escalating agent) may have left the desk since.
        if access.staff_may_see(user, ticket):
            recipients[user.pk] = user
    return list(recipients.values())


def breach_alert_is_mandatory(user: User, kind: str) -> bool:
    """The servicedesk lead cannot switch off SLA breach alerts."""
    return kind == K.SLA_BREACHED and access.servicedesk_leads().filter(pk=user.pk).exists()


def alert_modes_for(user: User) -> dict[str, str]:
    """Every kind with how ``user`` receives it (no row: at once)."""
    stored = dict(AlertPreference.objects.filter(user=user).values_list("kind", "mode"))
    return {kind.value: stored.get(kind.value, AlertMode.IMMEDIATE) for kind in AlertKind}


def alert_modes_of(users: list[User], kind: str) -> dict[int, str]:
    """How each of ``users`` receives ``kind``, in one query; the lead's breach alerts stay on."""
    stored = dict(
        AlertPreference.objects.filter(user__in=users, kind=kind).values_list("user_id", "mode")
    )
    modes = {user.pk: stored.get(user.pk, AlertMode.IMMEDIATE) for user in users}
    if kind == K.SLA_BREACHED:
        leads = set(access.servicedesk_leads().filter(pk__in=modes).values_list("pk", flat=True))
        for pk in leads:
            if modes[pk] == AlertMode.OFF:
                modes[pk] = AlertMode.IMMEDIATE
    return modes
