"""Bulk actions with mixed selections, and the merge and related-requests pages."""

import pytest

from core.testing.clients import staff_client
from tickets.models import StandardAnswer, Ticket, TicketEvent, TicketLink
from tickets.services import ticket_assign
from tickets.tests.factories import (
    CategoryFactory,
    DeskFactory,
    StandardAnswerFactory,
    file_ticket,
)

CHANGELIST = "/admin/tickets/ticket/"


@pytest.fixture
def colleague(desk):
    from accounts import roles
    from accounts.tests.factories import StaffFactory

    user = StaffFactory(
        username="ann", first_name="Ann", last_name="Peeters", roles=[roles.FIRST_LINE_AGENT]
    )
    desk.agents.add(user)
    return user


def _messages(response) -> str:
    return " | ".join(m.message for m in response.context["messages"])


def _post(client, action: str, tickets, **fields) -> str:
    response = client.post(
        CHANGELIST,
        {"action": action, "_selected_action": [t.pk for t in tickets], **fields},
        follow=True,
    )
    assert response.status_code == 200
    return _messages(response)


@pytest.mark.django_db
def test_bulk_take_reports_what_it_took_and_what_it_refused(agent, colleague, student, category):
    free = [file_ticket(student, category=category) for _ in range(3)]
    taken = file_ticket(student, category=category)
    ticket_assign(ticket=taken, assignee=colleague, acting_user=colleague)
    elsewhere = file_ticket(student)  # another desk: not in this agent's list

    text = _post(staff_client(agent, "en"), "take_selected", [*free, taken, elsewhere])

    assert text == (
        f"3 taken; 2 refused: {taken.reference} (already taken by Ann Peeters), "
        "1 request you cannot see"
    )
    assert TicketEvent.objects.filter(type="assigned", acting_user=agent).count() == 3
    elsewhere.refresh_from_db()
    assert elsewhere.assignee_id is None


@pytest.mark.django_db
def test_bulk_take_in_dutch(agent, student, category):
    ticket = file_ticket(student, category=category)
    client = staff_client(agent, "nl")
    _post(client, "take_selected", [ticket])
    text = _post(client, "take_selected", [ticket])
    assert text == f"0 opgepakt; 1 geweigerd: {ticket.reference} (staat al op jouw naam)"


@pytest.mark.django_db
def test_bulk_assign_by_name_refuses_requests_the_assignee_cannot_see(
    agent, colleague, student, category, desk
):
    mine = file_ticket(student, category=category)
    other_desk = DeskFactory(slug="library")
    other_desk.agents.add(agent)
    not_ann = file_ticket(student, category=CategoryFactory(default_desk=other_desk))

    text = _post(
        staff_client(agent, "en"), "assign_selected", [mine, not_ann], assignee="ann peeters"
    )

    assert text == (
        f"1 assigned; 1 refused: {not_ann.reference} "
        "(Ann Peeters does not work on this desk or group)"
    )
    mine.refresh_from_db()
    assert mine.assignee_id == colleague.pk


@pytest.mark.django_db
def test_bulk_assign_to_an_unknown_name_changes_nothing(agent, student, category):
    ticket = file_ticket(student, category=category)
    text = _post(staff_client(agent, "en"), "assign_selected", [ticket], assignee="Nobody Here")
    assert text == "No active staff member is called “Nobody Here”."
    assert not TicketEvent.objects.filter(type="assigned").exists()


@pytest.mark.django_db
def test_bulk_status_goes_through_the_status_door(agent, student, category):
    open_one = file_ticket(student, category=category)
    closed = file_ticket(student, category=category)
    client = staff_client(agent, "en")
    _post(client, "set_status_selected", [closed], status="closed")

    text = _post(client, "set_status_selected", [open_one, closed], status="waiting")

    assert text == (
        f"1 got the new status; 1 refused: {closed.reference} "
        "(A request that is “Closed” cannot become “Waiting for requester”)"
    )


@pytest.mark.django_db
def test_bulk_priority_and_standard_answer(agent, student, category):
    first, second = (file_ticket(student, category=category) for _ in range(2))
    client = staff_client(agent, "en")
    assert _post(client, "set_priority_selected", [first, second], priority="1") == (
        "2 got the new priority"
    )
    answer = StandardAnswerFactory(
        purpose=StandardAnswer.Purpose.REPLY,
        body_nl="Dag {requester_name}, zie {reference}.",
        body_en="Hello {requester_name}, see {reference}.",
    )
    _post(client, "set_status_selected", [second], status="closed")

    text = _post(client, "answer_selected", [first, second], standard_answer=answer.pk)

    assert text.startswith(f"1 answered; 1 refused: {second.reference} (This request is closed")
    assert first.messages.get().body == f"Dag {student.get_full_name()}, zie {first.reference}."


@pytest.mark.django_db
def test_bulk_merge_merges_duplicates_and_refuses_the_target_and_other_requesters(
    agent, student, other_student, category
):
    target = file_ticket(student, category=category)
    duplicates = [file_ticket(student, category=category) for _ in range(2)]
    strangers = file_ticket(other_student, category=category)
    client = staff_client(agent, "en")

    text = _post(
        client,
        "merge_selected",
        [*duplicates, target, strangers],
        merge_target=target.reference.lower(),
    )

    assert text.startswith(
        f"2 merged into {target.reference}; 2 refused: {target.reference} "
        "(A request cannot be merged into itself), "
        f"{strangers.reference} ({strangers.reference} and {target.reference} have "
        "different requesters"
    )
    for duplicate in duplicates:
        duplicate.refresh_from_db()
        assert duplicate.status == "merged" and duplicate.merged_into_id == target.pk

    confirmed = _post(
        client,
        "merge_selected",
        [strangers],
        merge_target=target.reference,
        confirm_other_requester="on",
    )
    assert confirmed == f"1 merged into {target.reference}"


@pytest.mark.django_db
def test_bulk_merge_into_a_request_out_of_sight_is_refused(agent, student, category):
    duplicate = file_ticket(student, category=category)
    elsewhere = file_ticket(student)
    text = _post(
        staff_client(agent, "en"), "merge_selected", [duplicate], merge_target=elsewhere.reference
    )
    assert text == f"There is no request {elsewhere.reference} that you can see."
    duplicate.refresh_from_db()
    assert duplicate.status == "new"


@pytest.mark.django_db
def test_merge_page_offers_the_requesters_requests_and_lands_on_the_kept_one(
    agent, student, category
):
    target = file_ticket(student, category=category, subject="Eduroam fails")
    source = file_ticket(student, category=category, subject="Eduroam again")
    client = staff_client(agent, "en")
    url = f"{CHANGELIST}{source.pk}/merge/"

    page = client.get(url).content.decode()
    assert f'value="{target.reference}"' in page and "Eduroam fails" in page

    response = client.post(url, {"target": target.reference}, follow=True)

    assert response.redirect_chain[-1][0] == f"{CHANGELIST}{target.pk}/change/"
    assert _messages(response) == (
        f"{source.reference} was merged into {target.reference}; both requesters were told."
    )
    html = client.get(f"{CHANGELIST}{source.pk}/change/").content.decode()
    assert f"Merged into {target.reference}" in html


@pytest.mark.django_db
def test_merge_page_asks_to_confirm_another_requester_and_never_500s(
    agent, student, other_student, category
):
    source = file_ticket(student, category=category)
    target = file_ticket(other_student, category=category)
    client = staff_client(agent, "en")
    url = f"{CHANGELIST}{source.pk}/merge/"

    for data, expected in (
        ({}, "Choose the request to merge into, or type its reference."),
        ({"reference": "SD-9999-999999"}, "There is no request SD-9999-999999 that you can see."),
        ({"reference": source.reference}, "A request cannot be merged into itself."),
        ({"reference": target.reference}, "have different requesters"),
    ):
        response = client.post(url, data)
        assert response.status_code == 200
        assert expected in response.content.decode()
    source.refresh_from_db()
    assert source.status == "new"

    client.post(url, {"reference": target.reference, "confirm_other_requester": "on"})
    source.refresh_from_db()
    assert source.merged_into_id == target.pk


@pytest.mark.django_db
def test_related_page_links_both_ways_and_unlinks(agent, student, category):
    first = file_ticket(student, category=category)
    second = file_ticket(student, category=category)
    client = staff_client(agent, "en")

    client.post(f"{CHANGELIST}{first.pk}/related/", {"reference": second.reference})

    assert TicketLink.objects.count() == 1
    assert (
        f"Related: {first.reference}"
        in client.get(f"{CHANGELIST}{second.pk}/change/").content.decode()
    )
    response = client.post(
        f"{CHANGELIST}{second.pk}/related/", {"unlink": first.reference}, follow=True
    )
    assert _messages(response) == f"Link to {first.reference} removed."
    assert not TicketLink.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("status", "offered"),
    [("new", True), ("resolved", True), ("closed", False), ("forwarded", False)],
)
def test_the_merge_link_is_offered_until_the_request_is_final(
    agent, student, category, status, offered
):
    ticket = file_ticket(student, category=category)
    Ticket.objects.filter(pk=ticket.pk).update(status=status)
    html = staff_client(agent, "en").get(f"{CHANGELIST}{ticket.pk}/change/").content.decode()
    assert (f'href="{CHANGELIST}{ticket.pk}/merge/"' in html) is offered
