"""Fixes found while trying triage as an agent."""

import pytest

from core.testing.clients import staff_client
from tickets.choices import Line
from tickets.services import ticket_escalate
from tickets.tests.factories import (
    CategoryFactory,
    DeskFactory,
    file_ticket,
)

CHANGELIST = "/admin/tickets/ticket/"


@pytest.mark.django_db
def test_return_to_first_line_lands_on_the_queue_with_a_message_not_a_missing_page(
    agent, specialist, student, category, group
):
    ticket = file_ticket(student, category=category)
    ticket_escalate(ticket=ticket, group=group, note="Portal", acting_user=agent)
    client = staff_client(specialist)
    response = client.post(f"{CHANGELIST}{ticket.pk}/return/", {"note": "Not ours"}, follow=True)
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == CHANGELIST
    assert "bestaat niet" not in html
    assert ticket.reference in html  # the message names the request
    ticket.refresh_from_db()
    assert ticket.line == Line.FIRST


@pytest.mark.django_db
def test_return_by_someone_who_still_sees_it_lands_on_the_request(
    agent, specialist, desk_lead, student, category, group
):
    ticket = file_ticket(student, category=category)
    ticket_escalate(ticket=ticket, group=group, note="Portal", acting_user=agent)
    response = staff_client(desk_lead).post(f"{CHANGELIST}{ticket.pk}/return/", {"note": "Back"})
    assert response["Location"] == f"{CHANGELIST}{ticket.pk}/change/"


@pytest.mark.django_db
def test_moving_to_a_category_whose_desk_has_no_agents_is_refused_with_a_reason(
    agent, student, category
):
    empty_desk = DeskFactory(slug="empty", name_nl="Leeg loket")
    wifi = CategoryFactory(slug="wifi", default_desk=empty_desk)
    ticket = file_ticket(student, category=category)
    response = staff_client(agent).post(
        f"{CHANGELIST}{ticket.pk}/recategorise/", {"category": wifi.pk, "note": "Wi-Fi"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Leeg loket" in html and "Wi-Fi" in html  # the reason, and the note kept
    ticket.refresh_from_db()
    assert ticket.category == category and ticket.desk.slug == "helpdesk"


@pytest.mark.django_db
def test_the_lead_may_route_to_an_empty_desk_and_then_holds_the_request(
    agent, desk_lead, student, category
):
    empty_desk = DeskFactory(slug="empty", name_nl="Leeg loket")
    wifi = CategoryFactory(slug="wifi", default_desk=empty_desk)
    ticket = file_ticket(student, category=category)
    response = staff_client(desk_lead).post(
        f"{CHANGELIST}{ticket.pk}/recategorise/",
        {"category": wifi.pk, "note": "Wi-Fi"},
        follow=True,
    )
    assert "Leeg loket" in response.content.decode()  # the warning names the desk
    ticket.refresh_from_db()
    assert ticket.desk == empty_desk and ticket.assignee == desk_lead


def _change_data(ticket, **extra):
    prefixes = ["messages", "messages-2", "attachments", "events"]
    return {
        "assignee": ticket.assignee_id or "",
        "priority": ticket.priority,
        "status": ticket.status,
        "reply_body": "",
        "standard_answer": "",
        **{f"{prefix}-TOTAL_FORMS": "0" for prefix in prefixes},
        **{f"{prefix}-INITIAL_FORMS": "0" for prefix in prefixes},
        **extra,
    }


@pytest.mark.django_db
def test_a_reply_that_also_sets_a_status_sends_one_mail_with_one_greeting(
    agent, student, category, django_capture_on_commit_callbacks
):
    from tickets.tests.factories import StandardAnswerFactory
    from tickets.tests.mail import outbox_for

    ticket = file_ticket(student, category=category)
    answer = StandardAnswerFactory(body_nl="Beste {requester_name},\n\nProbeer het opnieuw.")
    client = staff_client(agent)
    text = f"Beste {ticket.requester_name},\n\nProbeer het opnieuw."
    # The first save previews the answer (nothing sent); the second sends it.
    preview = client.post(
        f"{CHANGELIST}{ticket.pk}/change/",
        _change_data(ticket, standard_answer=answer.pk, status="waiting"),
    )
    assert preview.status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"{CHANGELIST}{ticket.pk}/change/",
            _change_data(ticket, standard_answer=answer.pk, status="waiting", reply_body=text),
        )
    assert response.status_code == 302
    mails = outbox_for(ticket.reference)
    assert [mail.event for mail in mails] == ["ticket_filed", "ticket_reply"]
    body = mails[-1].body_text
    assert body.count(ticket.requester_name) == 1  # "Beste Sam …," only, no "Dag Sam …,"
    assert "Je aanvraag is nu: Wacht op aanvrager." in body  # the new status, in the same mail
    ticket.refresh_from_db()
    assert ticket.status == "waiting"


@pytest.mark.django_db
def test_a_standard_answer_with_an_unknown_placeholder_is_refused_on_save(admin_user, client):
    from tickets.models import StandardAnswer

    client.force_login(admin_user)
    add = "/admin/tickets/standardanswer/add/"
    page = client.get(add).content.decode()
    assert "{requester_name}" in page and "{office_contact}" in page  # the help lists them
    response = client.post(
        add,
        {
            "title": "Groet",
            "purpose": "reply",
            "body_nl": "Dag {requester_name}, groet van {agent_name}.",
            "body_en": "Hi {requester_name}.",
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    assert "{agent_name}" in response.content.decode()
    assert not StandardAnswer.objects.exists()


@pytest.mark.django_db
def test_replies_and_notes_are_audit_events_shown_in_words_with_local_times(
    agent, student, category
):
    from datetime import UTC, datetime

    import time_machine

    from tickets.models import TicketEvent
    from tickets.services import ticket_reply, ticket_set_priority

    ticket = file_ticket(student, category=category)
    with time_machine.travel(datetime(2026, 11, 24, 9, 5, tzinfo=UTC), tick=False):
        ticket_reply(ticket=ticket, body="Probeer opnieuw.", acting_user=agent)
        ticket_reply(ticket=ticket, body="Intern: wifi-probleem", acting_user=agent, internal=True)
    ticket_set_priority(ticket=ticket, priority=1, acting_user=agent)
    types = list(ticket.events.order_by("id").values_list("type", flat=True))
    assert TicketEvent.Type.REPLIED in types and TicketEvent.Type.NOTE_ADDED in types
    html = staff_client(agent).get(f"{CHANGELIST}{ticket.pk}/change/").content.decode()
    trail = html.split("Audit trail")[-1] if "Audit trail" in html else html.split("Audittrail")[-1]
    assert "Probeer opnieuw." in trail and "Intern: wifi-probleem" in trail
    assert "10:05" in html  # 09:05 UTC shown as Brussels time
    assert '"old"' not in trail and "&quot;old&quot;" not in trail  # no raw JSON


@pytest.mark.django_db
def test_times_inside_audit_details_are_local_and_ids_become_names(agent, student, category):
    from tickets.event_text import describe_event
    from tickets.models import TicketEvent

    ticket = file_ticket(student, category=category)
    breach = TicketEvent(
        ticket=ticket, type="sla_breached", data={"due": "2026-11-24T09:05:00+00:00"}
    )
    assigned = TicketEvent(
        ticket=ticket, type="assigned", data={"old": None, "new": {"id": 7, "name": "Fien Demo"}}
    )
    assert "10:05" in describe_event(breach) and "09:05" not in describe_event(breach)
    assert describe_event(assigned) == "van niemand naar Fien Demo"
