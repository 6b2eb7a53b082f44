"""The agent workspace's views: what each shows to whom, their capped counts, take and assign."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.test import Client

from tickets import queues
from tickets.models import SavedView, TicketEvent
from tickets.services import (
    ticket_escalate,
    ticket_reply,
    ticket_return_to_first_line,
    ticket_take,
)
from tickets.tests.factories import ResolverGroupFactory, file_ticket

CHANGELIST = "/admin/tickets/ticket/"


def keys(user, view: str) -> set[str]:
    return set(queues.view_tickets(user, view).values_list("reference", flat=True))


def counts(user) -> dict[str, int]:
    return {row["key"]: row["count"] for row in queues.view_counts(user)}


@pytest.mark.django_db
def test_new_shows_unassigned_first_line_requests_of_my_desks_only(agent, student, category):
    mine = file_ticket(student, category=category)
    elsewhere = file_ticket(student, subject="Another desk's")
    assert keys(agent, "new") == {mine.reference}
    assert elsewhere.reference not in keys(agent, "all_open")
    ticket_take(ticket=mine, acting_user=agent)
    assert keys(agent, "new") == set()
    assert keys(agent, "mine") == {mine.reference}
    assert counts(agent)["new"] == 0 and counts(agent)["mine"] == 1


@pytest.mark.django_db
def test_the_lead_sees_every_desk_in_the_views(desk_lead, agent, student, category):
    mine = file_ticket(student, category=category)
    elsewhere = file_ticket(student, subject="Another desk's")
    assert keys(desk_lead, "new") == {mine.reference, elsewhere.reference}
    assert keys(agent, "all_open") == {mine.reference}


@pytest.mark.django_db
def test_waiting_for_me_lists_my_requests_the_requester_answered(agent, student, category):
    ticket = file_ticket(student, category=category)
    ticket_take(ticket=ticket, acting_user=agent)
    assert keys(agent, "waiting_for_me") == set()
    ticket_reply(ticket=ticket, body="Still broken.", acting_user=student)
    assert keys(agent, "waiting_for_me") == {ticket.reference}
    ticket_reply(ticket=ticket, body="Try again now.", acting_user=agent)
    assert keys(agent, "waiting_for_me") == set()


@pytest.mark.django_db
def test_escalated_to_my_group_shows_only_my_groups(
    agent, specialist, student, category, group, desk
):
    other_group = ResolverGroupFactory(desk=desk)
    ours = file_ticket(student, category=category)
    theirs = file_ticket(student, category=category)
    ticket_escalate(ticket=ours, group=group, note="Portal", acting_user=agent)
    ticket_escalate(ticket=theirs, group=other_group, note="Network", acting_user=agent)
    assert keys(specialist, "escalated") == {ours.reference}
    assert keys(specialist, "new") == set()
    # First line keeps seeing its desk's escalated requests, but not as "my group".
    assert keys(agent, "escalated") == set()
    assert keys(agent, "all_open") == {ours.reference, theirs.reference}


@pytest.mark.django_db
def test_due_soon_and_breached_follow_the_clock(agent, student, category):
    ticket = file_ticket(student, category=category)
    due = ticket.resolution_due_at
    with time_machine.travel(due - timedelta(hours=1), tick=False):
        assert keys(agent, "due_soon") == {ticket.reference}
        assert keys(agent, "breached") == set()
    with time_machine.travel(due + timedelta(minutes=1), tick=False):
        assert keys(agent, "due_soon") == set()
        assert keys(agent, "breached") == {ticket.reference}


@pytest.mark.django_db
def test_a_saved_view_belongs_to_its_desk(agent, specialist, student, category, desk):
    p1 = file_ticket(student, category=category, impact=3, urgency=3)
    file_ticket(student, category=category)
    saved = SavedView.objects.create(desk=desk, name_nl="P1", name_en="P1", priority=1)
    key = f"saved-{saved.pk}"
    assert keys(agent, key) == {p1.reference}
    assert counts(agent)[key] == 1
    # A member of a group (not of the desk) has no such view: it shows nothing.
    assert key not in counts(specialist)
    assert keys(specialist, key) == set()


@pytest.mark.django_db
def test_counts_stop_at_the_cap(agent, student, category):
    for _ in range(4):
        file_ticket(student, category=category)
    rows = {row["key"]: row for row in queues.view_counts(agent, cap=3)}
    assert (rows["new"]["count"], rows["new"]["capped"]) == (3, True)
    assert (rows["mine"]["count"], rows["mine"]["capped"]) == (0, False)


@pytest.mark.django_db
def test_an_unknown_view_shows_nothing_and_does_not_fail(agent, student, category):
    ticket = file_ticket(student, category=category)
    client = Client()
    client.force_login(agent)
    assert ticket.reference in client.get(CHANGELIST).content.decode()
    response = client.get(CHANGELIST, {"view": "saved-999"})
    assert response.status_code == 200
    assert ticket.reference not in response.content.decode()
    assert keys(agent, "nonsense") == set()


@pytest.mark.django_db
def test_escalating_clears_the_assignee_unless_asked_and_audits_it(agent, student, category, group):
    cleared = file_ticket(student, category=category)
    kept = file_ticket(student, category=category)
    for ticket in (cleared, kept):
        ticket_take(ticket=ticket, acting_user=agent)
    ticket_escalate(ticket=cleared, group=group, note="Portal", acting_user=agent)
    ticket_escalate(ticket=kept, group=group, note="Portal", acting_user=agent, keep_assignee=True)
    cleared.refresh_from_db()
    kept.refresh_from_db()
    assert (cleared.assignee, kept.assignee) == (None, agent)
    last = cleared.events.filter(type=TicketEvent.Type.ASSIGNED).latest("id")
    assert (last.data["old"]["id"], last.data["new"]) == (agent.pk, None)
    assert kept.events.filter(type=TicketEvent.Type.ASSIGNED).count() == 1  # the take only


@pytest.mark.django_db
def test_returning_keeps_the_assignee_when_asked(agent, specialist, student, category, group):
    ticket = file_ticket(student, category=category)
    ticket_escalate(ticket=ticket, group=group, note="Portal", acting_user=agent)
    ticket_take(ticket=ticket, acting_user=specialist)
    ticket_return_to_first_line(
        ticket=ticket, note="Yours again", acting_user=specialist, keep_assignee=True
    )
    ticket.refresh_from_db()
    assert (ticket.line, ticket.assignee) == ("first", specialist)


@pytest.mark.django_db
def test_take_button_and_assign_by_name_only_to_the_desks_agents(
    agent, specialist, student, category, group
):
    from accounts import roles
    from accounts.tests.factories import StaffFactory

    colleague = StaffFactory(
        username="colleague",
        first_name="Cora",
        last_name="Colleague",
        roles=[roles.FIRST_LINE_AGENT],
    )
    category.default_desk.agents.add(colleague)
    stranger = StaffFactory(
        username="stranger", first_name="Cora", last_name="Stranger", roles=[roles.FIRST_LINE_AGENT]
    )
    ticket = file_ticket(student, category=category)
    client = Client()
    client.force_login(agent)
    response = client.post(f"{CHANGELIST}{ticket.pk}/take/")
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.assignee == agent

    page = client.get(f"{CHANGELIST}{ticket.pk}/assign/").content.decode()
    assert "Cora Colleague" in page and "Stranger" not in page  # the datalist: desk only
    for typed in (str(stranger.pk), "Stranger", str(colleague.pk)):
        response = client.post(f"{CHANGELIST}{ticket.pk}/assign/", {"agent": typed})
        assert response.status_code == 200  # refused with a message, nothing changed
    ticket.refresh_from_db()
    assert ticket.assignee == agent
    response = client.post(f"{CHANGELIST}{ticket.pk}/assign/", {"agent": "cora col"})
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.assignee == colleague


@pytest.mark.django_db
def test_the_queue_marks_a_request_unread_until_opened_and_again_after_a_reply(
    agent, student, category
):
    ticket = file_ticket(student, category=category)
    client = Client()
    client.force_login(agent)
    assert "ws-unread" in client.get(CHANGELIST).content.decode()
    client.get(f"{CHANGELIST}{ticket.pk}/change/")
    assert "ws-unread" not in client.get(CHANGELIST).content.decode()
    ticket_reply(ticket=ticket, body="Any news?", acting_user=student)
    assert "ws-unread" in client.get(CHANGELIST).content.decode()


@pytest.mark.django_db
def test_counts_endpoint_answers_json_scoped_to_the_agent(agent, student, category):
    file_ticket(student, category=category)
    file_ticket(student, subject="Another desk's")
    client = Client()
    client.force_login(agent)
    data = client.get(f"{CHANGELIST}view-counts/").json()
    by_key = {row["key"]: row for row in data["views"]}
    assert by_key["new"]["count"] == 1 and by_key["all_open"]["count"] == 1
    assert [row["key"] for row in data["views"]][:2] == ["new", "mine"]


def _session_queries() -> int:
    from django.conf import settings

    return 0 if settings.SESSION_ENGINE.endswith("cached_db") else 1


@pytest.mark.django_db
@pytest.mark.parametrize("count", [3, 60])
def test_counts_endpoint_query_count_does_not_grow(
    agent, student, category, desk, count, django_assert_num_queries
):
    SavedView.objects.create(desk=desk, name_nl="P1", name_en="P1", priority=1)
    for _ in range(count):
        file_ticket(student, category=category)
    client = Client()
    client.force_login(agent)
    client.get(f"{CHANGELIST}view-counts/")
    # user, groups (lead check), permissions (user, group), the saved views,
    # the agent's desk and group ids (one UNION ALL), and one statement with
    # every view's capped count (8 built-in + 1 saved). The AUP gate asks
    # once per session.
    with django_assert_num_queries(7 + _session_queries()):
        response = client.get(f"{CHANGELIST}view-counts/")
    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("count", [2, 40])
def test_request_page_query_count_does_not_grow(
    agent, student, category, count, django_assert_num_queries
):
    ticket = file_ticket(student, category=category)
    for n in range(count):
        file_ticket(student, category=category, subject=f"Other {n}")
        ticket_reply(ticket=ticket, body=f"Reply {n}", acting_user=agent, internal=n % 2 == 0)
        ticket_reply(ticket=ticket, body=f"Answer {n}", acting_user=student)
    client = Client()
    client.force_login(agent)
    url = f"{CHANGELIST}{ticket.pk}/change/"
    client.get(url)
    # user, groups, the request, permissions (user, group), the
    # desk check once, the read marker (savepoint, select, update, release),
    # savepoint, the request again (the admin's own get_object), the
    # standard answers, the appointment, messages + files, events, the
    # requester's other requests, savepoint release; the related and merged
    # requests (links, then the tied requests: services.merge); the mails
    # received on it (mailin's side-panel section); the major incident it is
    # linked to (servicestatus's side-panel section).
    with django_assert_num_queries(19 + 2 + 1 + 1 + _session_queries()):
        response = client.get(url)
    assert response.status_code == 200
    assert f"Reply {count - 1}" in response.content.decode()


@pytest.mark.django_db
def test_the_lead_defines_a_saved_view_and_the_desk_sees_it(
    desk_lead, agent, student, category, desk
):
    file_ticket(student, category=category, impact=3, urgency=3)
    lead = Client()
    lead.force_login(desk_lead)
    response = lead.post(
        "/admin/tickets/savedview/add/",
        {"desk": desk.pk, "name_nl": "Kritiek", "name_en": "Critical", "status": "",
         "priority": 1, "line": "", "position": 0},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    client = Client()
    client.force_login(agent)
    html = client.get(CHANGELIST).content.decode()
    assert "Kritiek" in html or "Critical" in html
    saved = SavedView.objects.get()
    assert counts(agent)[f"saved-{saved.pk}"] == 1


@pytest.mark.django_db
def test_breached_lists_the_most_overdue_first(agent, student, category):
    # Filed within business hours (a Tuesday morning), so two hours later is
    # a later deadline; after hours both would be due at the same opening.
    morning = datetime(2026, 12, 1, 9, 0, tzinfo=ZoneInfo(settings.TIME_ZONE))
    with time_machine.travel(morning, tick=False):
        older = file_ticket(student, category=category, subject="Older")
    with time_machine.travel(older.created_at + timedelta(hours=2), tick=False):
        newer = file_ticket(student, category=category, subject="Newer")
    client = Client()
    client.force_login(agent)
    assert older.resolution_due_at < newer.resolution_due_at
    with time_machine.travel(newer.resolution_due_at + timedelta(days=1), tick=False):
        response = client.get(CHANGELIST, {"view": "breached"})
    html = response.content.decode()
    assert html.index(older.reference) < html.index(newer.reference)


@pytest.mark.django_db
def test_the_tabs_remembered_counts_follow_a_take_at_once(agent, student, category):
    ticket = file_ticket(student, category=category)
    client = Client()
    client.force_login(agent)
    mine = '<span class="ws-count" data-view="mine">{}</span>'
    assert mine.format(0) in client.get(CHANGELIST).content.decode()
    assert mine.format(0) in client.get(CHANGELIST).content.decode()  # remembered
    ticket_take(ticket=ticket, acting_user=agent)
    assert mine.format(1) in client.get(CHANGELIST).content.decode()
