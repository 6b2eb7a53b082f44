"""The staff side in the admin: scoping, the queue, the request page, triage, actions."""

import pytest

from core.testing.clients import staff_client
from tickets.choices import Line, TicketStatus
from tickets.models import StandardAnswer, TicketEvent
from tickets.services import ticket_reply
from tickets.tests.factories import (
    OfficeFactory,
    StandardAnswerFactory,
    file_ticket,
)
from tickets.tests.mail import outbox_for
from tickets.tests.storage import use_private_storage

CHANGELIST = "/admin/tickets/ticket/"


@pytest.mark.django_db
def test_agent_sees_own_desk_only(agent, student, category):
    mine = file_ticket(student, category=category, subject="Mine to triage")
    elsewhere = file_ticket(student, subject="Other desk")
    client = staff_client(agent)
    html = client.get(CHANGELIST).content.decode()
    assert mine.reference in html and elsewhere.reference not in html
    assert client.get(f"{CHANGELIST}{mine.pk}/change/").status_code == 200
    response = client.get(f"{CHANGELIST}{elsewhere.pk}/change/")
    assert response.status_code == 302  # the admin's "does not exist" redirect
    assert client.get(f"{CHANGELIST}{elsewhere.pk}/escalate/").status_code == 404


@pytest.mark.django_db
def test_second_line_sees_escalated_requests_of_their_group(
    agent, specialist, student, category, group
):
    ticket = file_ticket(student, category=category)
    client = staff_client(specialist)
    assert ticket.reference not in client.get(CHANGELIST).content.decode()
    from tickets.services import ticket_escalate

    ticket_escalate(ticket=ticket, group=group, note="Portal", acting_user=agent)
    assert ticket.reference in client.get(CHANGELIST).content.decode()


@pytest.mark.django_db
def test_students_have_no_admin(student):
    assert staff_client(student).get(CHANGELIST).status_code == 302


@pytest.mark.django_db
def test_changelist_searches_reference_and_requester(agent, student, category):
    ticket = file_ticket(student, category=category)
    other = file_ticket(student, category=category)
    client = staff_client(agent)
    html = client.get(CHANGELIST, {"q": ticket.reference.lower()}).content.decode()
    assert ticket.reference in html and other.reference not in html
    html = client.get(CHANGELIST, {"q": student.student_number}).content.decode()
    assert ticket.reference in html and other.reference in html


@pytest.mark.django_db
def test_changelist_shows_sla_due_as_text_and_colour(agent, student, category):
    file_ticket(student, category=category)
    html = staff_client(agent).get(CHANGELIST).content.decode()
    assert 'class="sla sla--' in html
    assert "due in" in html or "over" in html or "binnen" in html or "te laat" in html


@pytest.mark.django_db
@pytest.mark.parametrize("count", [5, 200])
def test_changelist_query_count_does_not_grow(
    agent, student, category, count, django_assert_num_queries
):
    for n in range(count):
        file_ticket(student, category=category, subject=f"Request {n}")
    client = staff_client(agent)
    client.get(CHANGELIST)
    # 1 the user (session), 2 their groups (the lead check), 3-4 user and
    # group permissions, 5 the capped count for the pager (COUNT over LIMIT,
    # on the list's index), 6 one page of requests with desk, group and
    # assignee joined. The filters' and the action bar's option lists and
    # the tabs' counts come from the cache (tickets.option_lists,
    # queues.view_counts_remembered), filled by the first request. (The AUP
    # gate asks once per session.)
    with django_assert_num_queries(6 + _session_queries()):
        response = client.get(CHANGELIST)
    assert response.status_code == 200
    file_ticket(student, category=category, subject="One more")
    # A new request makes the tabs' counts stale: + 7 the agent's desk and
    # group ids (one UNION ALL), 8 the desk's saved views, 9 one statement
    # with every tab's capped count.
    with django_assert_num_queries(9 + _session_queries()):
        response = client.get(CHANGELIST)
    assert response.status_code == 200


def _session_queries() -> int:
    from django.conf import settings

    return 0 if settings.SESSION_ENGINE.endswith("cached_db") else 1


@pytest.mark.django_db
def test_escalate_page_requires_a_note_and_then_escalates(agent, student, category, group):
    ticket = file_ticket(student, category=category)
    client = staff_client(agent)
    url = f"{CHANGELIST}{ticket.pk}/escalate/"
    response = client.post(url, {"group": group.pk, "note": ""})
    assert response.status_code == 200
    ticket.refresh_from_db()
    assert ticket.line == Line.FIRST
    response = client.post(url, {"group": group.pk, "note": "Needs functional management"})
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert (ticket.line, ticket.resolver_group) == (Line.SECOND, group)


@pytest.mark.django_db
def test_second_line_returns_to_first_line(agent, specialist, student, category, group):
    from tickets.services import ticket_escalate

    ticket = file_ticket(student, category=category)
    ticket_escalate(ticket=ticket, group=group, note="Portal", acting_user=agent)
    client = staff_client(specialist)
    response = client.post(f"{CHANGELIST}{ticket.pk}/return/", {"note": "Not a portal issue"})
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.line == Line.FIRST


@pytest.mark.django_db
def test_second_line_cannot_forward(specialist, agent, student, category, group):
    from tickets.services import ticket_escalate

    ticket = file_ticket(student, category=category)
    ticket_escalate(ticket=ticket, group=group, note="Portal", acting_user=agent)
    assert staff_client(specialist).get(f"{CHANGELIST}{ticket.pk}/forward/").status_code == 403


@pytest.mark.django_db
def test_wrong_desk_page_closes_as_forwarded(
    agent, student, category, django_capture_on_commit_callbacks
):
    ticket = file_ticket(student, category=category)
    office = OfficeFactory(email="exams@example.org")
    answer = StandardAnswerFactory(purpose=StandardAnswer.Purpose.WRONG_DESK)
    client = staff_client(agent)
    with django_capture_on_commit_callbacks():
        response = client.post(
            f"{CHANGELIST}{ticket.pk}/forward/", {"office": office.pk, "answer": answer.pk}
        )
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.FORWARDED
    assert "exams@example.org" in outbox_for(ticket.reference)[-1].body_text


def _change_data(ticket, **extra):
    return {
        "assignee": ticket.assignee_id or "",
        "priority": ticket.priority,
        "status": ticket.status,
        "reply_body": "",
        "standard_answer": "",
        **{f"{prefix}-TOTAL_FORMS": "0" for prefix in _prefixes()},
        **{f"{prefix}-INITIAL_FORMS": "0" for prefix in _prefixes()},
        **extra,
    }


def _prefixes():
    return ["messages", "messages-2", "attachments", "events"]


@pytest.mark.django_db
def test_reply_with_a_standard_answer_from_the_request_page(agent, student, category):
    ticket = file_ticket(student, category=category)
    answer = StandardAnswerFactory(body_nl="Dag {requester_name}, zie {reference}.")
    client = staff_client(agent)
    page = client.get(f"{CHANGELIST}{ticket.pk}/change/").content.decode()
    assert 'id="standard-answers"' in page
    text = f"Dag {ticket.requester_name}, zie {ticket.reference}."
    # Picked with an empty box: nothing is sent; the answer comes back to check.
    response = client.post(
        f"{CHANGELIST}{ticket.pk}/change/",
        _change_data(ticket, standard_answer=answer.pk, status="waiting"),
    )
    assert response.status_code == 200
    assert text in response.content.decode()
    assert not ticket.messages.exists()
    # Saved again with the (checked) text: sent once.
    response = client.post(
        f"{CHANGELIST}{ticket.pk}/change/",
        _change_data(ticket, standard_answer=answer.pk, status="waiting", reply_body=text),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    ticket.refresh_from_db()
    message = ticket.messages.get()
    assert message.body == text
    assert message.is_staff_reply and not message.is_internal
    assert ticket.status == TicketStatus.WAITING


@pytest.mark.django_db
def test_internal_note_and_public_reply_are_apart_on_the_request_page(agent, student, category):
    ticket = file_ticket(student, category=category)
    ticket_reply(ticket=ticket, body="Public words", acting_user=agent)
    ticket_reply(ticket=ticket, body="Internal words", acting_user=agent, internal=True)
    html = staff_client(agent).get(f"{CHANGELIST}{ticket.pk}/change/").content.decode()
    # One timeline in time order; a note is its own kind of entry, labelled in words.
    public_at = html.index("Public words")
    internal_at = html.index("ws-entry ws-entry--internal")
    assert public_at < internal_at < html.index("Internal words")
    assert html.rindex("ws-entry ws-entry--public", 0, public_at) > html.index("ws-conversation")


@pytest.mark.django_db
def test_bulk_take_and_set_status(agent, student, category):
    tickets = [file_ticket(student, category=category) for _ in range(3)]
    client = staff_client(agent)
    ids = [t.pk for t in tickets]
    client.post(CHANGELIST, {"action": "take_selected", "_selected_action": ids})
    assert {t.assignee_id for t in _fresh(tickets)} == {agent.pk}
    client.post(
        CHANGELIST,
        {"action": "set_status_selected", "_selected_action": ids, "status": "in_progress"},
    )
    assert {t.status for t in _fresh(tickets)} == {"in_progress"}
    assert TicketEvent.objects.filter(type="status_changed").count() == 3


@pytest.mark.django_db
def test_bulk_escalate_needs_group_and_note(agent, student, category, group):
    tickets = [file_ticket(student, category=category) for _ in range(2)]
    client = staff_client(agent)
    ids = [t.pk for t in tickets]
    client.post(
        CHANGELIST, {"action": "escalate_to_group", "_selected_action": ids, "group": group.pk}
    )
    assert {t.line for t in _fresh(tickets)} == {"first"}
    client.post(
        CHANGELIST,
        {
            "action": "escalate_to_group",
            "_selected_action": ids,
            "group": group.pk,
            "note": "Portal",
        },
    )
    assert {t.resolver_group_id for t in _fresh(tickets)} == {group.pk}


def _fresh(tickets):
    return [type(t).objects.get(pk=t.pk) for t in tickets]


@pytest.mark.django_db
def test_audit_trail_is_read_only(desk_lead, student):
    ticket = file_ticket(student)
    event = TicketEvent.objects.get(ticket=ticket)
    client = staff_client(desk_lead)
    assert client.get("/admin/tickets/ticketevent/").status_code == 200
    page = client.get(f"/admin/tickets/ticketevent/{event.pk}/change/").content.decode()
    assert 'name="type"' not in page
    assert client.post(f"/admin/tickets/ticketevent/{event.pk}/delete/").status_code == 403
    assert client.get("/admin/tickets/ticketevent/add/").status_code == 403


@pytest.mark.django_db
def test_lead_edits_the_priority_matrix_in_the_admin(desk_lead):
    response = staff_client(desk_lead).get("/admin/tickets/priorityrule/")
    assert response.status_code == 200
    assert 'name="form-0-priority"' in response.content.decode()


@pytest.mark.django_db
def test_a_forwarded_request_can_still_take_an_internal_note(agent, student, category):
    ticket = file_ticket(student, category=category)
    office = OfficeFactory()
    answer = StandardAnswerFactory(purpose=StandardAnswer.Purpose.WRONG_DESK)
    from tickets.services import ticket_forward_to_office

    ticket_forward_to_office(ticket=ticket, office=office, answer=answer, acting_user=agent)
    ticket.refresh_from_db()
    client = staff_client(agent)
    page = client.get(f"{CHANGELIST}{ticket.pk}/change/").content.decode()
    assert "Wrong desk" not in page and "Verkeerd loket" not in page  # no triage on closed ones
    assert "ws-take" not in page  # nothing to take on a finished request
    response = client.post(f"{CHANGELIST}{ticket.pk}/change/", _change_data(ticket))
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert (ticket.status, ticket.assignee) == (TicketStatus.FORWARDED, None)


@pytest.mark.django_db
def test_changelist_stops_counting_at_the_cap(agent, student, category, monkeypatch):
    from tickets.admin import workspace

    monkeypatch.setattr(workspace, "PAGE_CAP", 3)
    for _ in range(4):
        file_ticket(student, category=category)
    html = staff_client(agent).get(CHANGELIST).content.decode()
    assert "more than 3" in html or "meer dan 3" in html
    monkeypatch.setattr(workspace, "PAGE_CAP", 10)
    html = staff_client(agent).get(CHANGELIST).content.decode()
    assert "4 aanvragen" in html


@pytest.mark.django_db
def test_agent_replies_with_an_attachment_the_requester_can_download(
    agent, student, category, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    use_private_storage(settings, tmp_path)
    ticket = file_ticket(student, category=category)
    client = staff_client(agent)
    upload = SimpleUploadedFile("steps.pdf", b"%PDF-1.4", content_type="application/pdf")
    response = client.post(
        f"{CHANGELIST}{ticket.pk}/change/",
        _change_data(ticket, reply_body="See the attached steps.", reply_attachments=[upload]),
    )
    assert response.status_code == 302
    attachment = ticket.messages.get().attachments.get()
    assert attachment.original_name == "steps.pdf"
    owner = staff_client(student)
    assert owner.get(f"/requests/attachments/{attachment.pk}/").status_code == 200


@pytest.mark.django_db
def test_lead_edits_the_emergency_number_in_the_single_settings_row(desk_lead):
    from tickets.models import DeskSettings

    client = staff_client(desk_lead)
    assert client.get("/admin/tickets/desksettings/add/").status_code == 403
    response = client.post(
        "/admin/tickets/desksettings/1/change/",
        {"emergency_phone": "+32 9 264 00 00", "survey_delay_hours": "24"},
    )
    assert response.status_code == 302
    assert DeskSettings.load().emergency_phone == "+32 9 264 00 00"


@pytest.mark.django_db
def test_filter_options_show_a_new_desk_group_and_agent_at_once(agent, student, category):
    from accounts import roles
    from accounts.tests.factories import StaffFactory
    from tickets.tests.factories import DeskFactory, ResolverGroupFactory

    client = staff_client(agent)
    client.get(CHANGELIST)  # fills the cached option lists
    DeskFactory(slug="facilities", name_nl="Facilitair loket", name_en="Facilities desk")
    ResolverGroupFactory(name_nl="Printbeheer", name_en="Print management")
    StaffFactory(username="newcomer", first_name="Noor", last_name="Nieuw",
                 roles=[roles.FIRST_LINE_AGENT])  # fmt: skip
    html = client.get(CHANGELIST).content.decode()
    assert "Facilitair loket" in html or "Facilities desk" in html
    assert "Printbeheer" in html or "Print management" in html
    assert "Noor Nieuw" in html


@pytest.mark.django_db
def test_action_bar_group_is_checked_against_the_database_not_the_cached_list(
    agent, student, category, group
):
    ticket = file_ticket(student, category=category)
    client = staff_client(agent)
    client.get(CHANGELIST)  # fills the cached option lists
    type(group).objects.filter(pk=group.pk).update(is_active=False)  # no receiver hears this
    client.post(
        CHANGELIST,
        {"action": "escalate_to_group", "_selected_action": [ticket.pk], "group": group.pk,
         "note": "Please look"},
    )  # fmt: skip
    ticket.refresh_from_db()
    assert ticket.line == Line.FIRST  # an inactive group is refused, cached list or not
