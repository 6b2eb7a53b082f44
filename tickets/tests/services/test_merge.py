"""Merging a duplicate and linking related requests: what moves, who hears, the audit."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from notifications.models import OutboxMail
from tickets.choices import TicketStatus
from tickets.models import TicketEvent, TicketLink
from tickets.services import (
    ticket_link,
    ticket_merge,
    ticket_reply,
    ticket_set_status,
    ticket_unlink,
)
from tickets.services.status import TicketStatusError
from tickets.tests.factories import CategoryFactory, DeskFactory, file_ticket
from tickets.tests.mail import outbox_for
from tickets.tests.storage import use_private_storage


@pytest.fixture
def category(agent_first_line):
    desk = DeskFactory(slug="helpdesk")
    desk.agents.add(agent_first_line)
    return CategoryFactory(default_desk=desk)


def _pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4", content_type="application/pdf")


def _events(ticket, type_):
    return list(TicketEvent.objects.filter(ticket=ticket, type=type_))


@pytest.mark.django_db
def test_merge_moves_conversation_and_files_and_closes_the_duplicate(
    student, agent_first_line, category, settings, tmp_path
):
    use_private_storage(settings, tmp_path)
    target = file_ticket(student, category=category, subject="Wifi eduroam fails")
    source = file_ticket(
        student,
        category=category,
        subject="Eduroam again",
        description="Still no wifi in building B.",
        uploads=[_pdf("first.pdf")],
    )
    ticket_reply(
        ticket=source, body="Also on my phone.", acting_user=student, uploads=[_pdf("b.pdf")]
    )
    ticket_reply(ticket=source, body="Known issue?", acting_user=agent_first_line, internal=True)

    ticket_merge(source=source, target=target, acting_user=agent_first_line)

    source.refresh_from_db()
    assert source.status == TicketStatus.MERGED
    assert source.merged_into_id == target.pk and source.closed_at is not None
    assert not source.messages.exists() and not source.attachments.exists()
    bodies = [m.body for m in target.messages.order_by("created_at", "id")]
    assert bodies[0].startswith(f"Samengevoegd uit {source.reference}") or bodies[0].startswith(
        f"Merged from {source.reference}"
    )
    assert "Still no wifi in building B." in bodies[0]
    assert "Also on my phone." in bodies and "Known issue?" in bodies
    assert sorted(a.original_name for a in target.attachments.all()) == ["b.pdf", "first.pdf"]
    merged = _events(source, "merged")
    received = _events(target, "merge_received")
    assert len(merged) == 1 and merged[0].data["new"]["id"] == target.pk
    assert received[0].data["old"]["id"] == source.pk
    assert received[0].data["moved"] == {"messages": 2, "attachments": 2, "appointments": 0}
    assert received[0].acting_user == agent_first_line
    status_event = _events(source, "status_changed")[-1]
    assert status_event.data["new"] == "merged" and status_event.data["note"] == target.reference


@pytest.mark.django_db
def test_one_requester_behind_both_gets_one_mail_pointing_to_the_kept_request(
    student, agent_first_line, category
):
    target = file_ticket(student, category=category)
    source = file_ticket(student, category=category)
    before = OutboxMail.objects.order_by("-id").values_list("id", flat=True).first()

    ticket_merge(source=source, target=target, acting_user=agent_first_line)

    new = list(OutboxMail.objects.filter(id__gt=before))
    assert [m.event for m in new] == ["ticket_merged"]
    assert new[0].recipient_email == student.email
    assert (
        target.reference in new[0].subject and f"/requests/{target.reference}/" in new[0].body_text
    )


@pytest.mark.django_db
def test_two_requesters_each_get_one_mail_in_their_language_and_neither_is_named(
    student, other_student, agent_first_line, category
):
    other_student.preferred_language = "en"
    other_student.save(update_fields=["preferred_language"])
    target = file_ticket(student, category=category)
    source = file_ticket(other_student, category=category)

    ticket_merge(
        source=source, target=target, acting_user=agent_first_line, confirm_other_requester=True
    )

    to_source = [m for m in outbox_for(source.reference) if m.event == "ticket_merged"]
    to_target = [m for m in outbox_for(target.reference) if m.event == "ticket_merge_received"]
    assert len(to_source) == 1 and to_source[0].recipient_email == other_student.email
    assert len(to_target) == 1 and to_target[0].recipient_email == student.email
    assert "merged it into that request" in to_source[0].body_text  # English
    assert "Iemand anders" in to_target[0].body_text  # Dutch
    assert other_student.first_name not in to_target[0].body_text
    assert student.first_name not in to_source[0].body_text


@pytest.mark.django_db
def test_merge_across_requesters_needs_confirmation(
    student, other_student, agent_first_line, category
):
    target = file_ticket(student, category=category)
    source = file_ticket(other_student, category=category)
    with pytest.raises(ValidationError) as refused:
        ticket_merge(source=source, target=target, acting_user=agent_first_line)
    assert refused.value.code == "other_requester"
    source.refresh_from_db()
    assert source.status == TicketStatus.NEW and source.messages.count() == 0
    assert not _events(source, "merged")


@pytest.mark.django_db
def test_merge_refusals_leave_both_requests_untouched(
    student, agent_first_line, agent_second_line, category
):
    first = file_ticket(student, category=category)
    second = file_ticket(student, category=category)
    third = file_ticket(student, category=category)
    elsewhere = file_ticket(student)  # another desk: the agent cannot see it

    def code_of(**kwargs) -> str:
        with pytest.raises(ValidationError) as refused:
            ticket_merge(acting_user=agent_first_line, **kwargs)
        return refused.value.code

    assert code_of(source=first, target=first) == "same_ticket"
    assert code_of(source=first, target=elsewhere) == "not_visible"
    ticket_merge(source=second, target=third, acting_user=agent_first_line)
    assert code_of(source=first, target=second) == "target_merged"
    assert code_of(source=second, target=first) == "source_final"
    ticket_set_status(ticket=third, status="closed", acting_user=agent_first_line)
    assert code_of(source=first, target=third) == "target_final"
    with pytest.raises(ValidationError) as refused:
        ticket_merge(source=first, target=third, acting_user=agent_second_line)
    assert refused.value.code == "not_visible"
    first.refresh_from_db()
    assert first.status == TicketStatus.NEW and first.merged_into_id is None


@pytest.mark.django_db
def test_status_door_refuses_merged_without_a_target(student, agent_first_line, category):
    ticket = file_ticket(student, category=category)
    with pytest.raises(TicketStatusError):
        ticket_set_status(ticket=ticket, status="merged", acting_user=agent_first_line)


@pytest.mark.django_db
def test_a_merged_request_takes_no_more_replies(student, agent_first_line, category):
    target = file_ticket(student, category=category)
    source = file_ticket(student, category=category)
    ticket_merge(source=source, target=target, acting_user=agent_first_line)
    with pytest.raises(ValidationError):
        ticket_reply(ticket=source, body="Hello?", acting_user=student)


@pytest.mark.django_db
def test_link_is_symmetric_audited_on_both_and_unlinks(student, agent_first_line, category):
    first = file_ticket(student, category=category)
    second = file_ticket(student, category=category)

    ticket_link(ticket=second, other=first, acting_user=agent_first_line)
    with pytest.raises(ValidationError) as twice:
        ticket_link(ticket=first, other=second, acting_user=agent_first_line)

    assert twice.value.code == "already_linked"
    link = TicketLink.objects.get()
    assert (link.low_id, link.high_id) == (first.pk, second.pk)
    assert _events(first, "linked")[0].data["new"]["id"] == second.pk
    assert _events(second, "linked")[0].data["new"]["id"] == first.pk

    ticket_unlink(ticket=first, other=second, acting_user=agent_first_line)
    assert not TicketLink.objects.exists()
    assert len(_events(first, "unlinked")) == len(_events(second, "unlinked")) == 1


@pytest.mark.django_db
def test_link_refuses_itself_and_requests_out_of_sight(student, agent_first_line, category):
    mine = file_ticket(student, category=category)
    elsewhere = file_ticket(student)
    for other, code in ((mine, "same_ticket"), (elsewhere, "not_visible")):
        with pytest.raises(ValidationError) as refused:
            ticket_link(ticket=mine, other=other, acting_user=agent_first_line)
        assert refused.value.code == code
    assert not TicketLink.objects.exists()


@pytest.mark.django_db
def test_requester_page_of_a_merged_request_points_to_the_kept_one(
    student, agent_first_line, category, client
):
    target = file_ticket(student, category=category)
    source = file_ticket(student, category=category)
    ticket_merge(source=source, target=target, acting_user=agent_first_line)
    client.force_login(student)

    html = client.get(f"/requests/{source.reference}/").content.decode()

    assert f'<a href="/requests/{target.reference}/">{target.reference}</a>' in html
    assert "Samengevoegd (dubbel)" in html
