"""Who hears about what: each kind of alert reaches the staff the access rule names."""

import pytest

from alerts.models import AlertDelivery, AlertEvent, AlertKind
from alerts.services import alert_mail_undeliverable
from notifications.models import OutboxMail
from notifications.services import outbox_mail_mark_failed
from tickets import services
from tickets.tests.factories import file_ticket

from .helpers import alert_mails, fan_out_all, send_due_batches

pytestmark = pytest.mark.django_db
K = AlertKind


def recipients(kind: str) -> set[str]:
    fan_out_all()
    return set(
        AlertDelivery.objects.filter(event__kind=kind).values_list("recipient__username", flat=True)
    )


def test_new_request_reaches_the_first_line_of_its_desk_only(
    student, agent1, agent2, desk_lead, category, other_desk
):
    from accounts import roles
    from accounts.tests.factories import StaffFactory

    elsewhere = StaffFactory(username="elsewhere", roles=[roles.FIRST_LINE_AGENT])
    other_desk.agents.add(elsewhere)
    file_ticket(student, category=category)
    assert recipients(K.NEW_REQUEST) == {"agent1"}


def test_new_request_mail_names_request_priority_due_time_and_admin_link(
    student, agent1, category, settings
):
    settings.SITE_URL = "https://desk.example.org"
    agent1.preferred_language = "en"
    agent1.save(update_fields=["preferred_language"])
    ticket = file_ticket(student, category=category, subject="Eduroam keeps dropping")
    fan_out_all()
    send_due_batches()
    [mail] = alert_mails(agent1)
    assert mail.event == "alert_request" and mail.thread_key == ticket.reference
    assert mail.subject.startswith(f"[{ticket.reference}] New request at my desk")
    assert "Eduroam keeps dropping" in mail.subject
    assert "Priority: P4: low" in mail.body_text
    assert "SLA due:" in mail.body_text and "no due time" not in mail.body_text
    assert f"https://desk.example.org/admin/tickets/ticket/{ticket.pk}/change/" in mail.body_text
    assert f"/admin/tickets/ticket/{ticket.pk}/change/" in mail.body_html


def test_mail_is_in_the_staff_members_language(student, agent1, category):
    agent1.preferred_language = "nl"
    agent1.save(update_fields=["preferred_language"])
    file_ticket(student, category=category)
    fan_out_all()
    send_due_batches()
    [mail] = alert_mails(agent1)
    assert "Nieuwe aanvraag" in mail.subject and "Prioriteit:" in mail.body_text


def test_escalation_reaches_the_group_not_the_agent_who_escalated(
    student, agent1, agent2, group, category
):
    group.members.add(agent1)  # even as a member, you are not told what you did
    ticket = file_ticket(student, category=category)
    services.ticket_escalate(ticket=ticket, group=group, note="portal bug", acting_user=agent1)
    assert recipients(K.ESCALATED) == {"agent2"}


def test_return_to_first_line_reaches_the_agent_who_escalated(
    student, agent1, agent2, group, category
):
    ticket = file_ticket(student, category=category)
    services.ticket_escalate(ticket=ticket, group=group, note="portal bug", acting_user=agent1)
    services.ticket_return_to_first_line(ticket=ticket, note="not ours", acting_user=agent2)
    assert recipients(K.RETURNED) == {"agent1"}


def test_requester_reply_reaches_the_assignee(student, agent1, category):
    from accounts import roles
    from accounts.tests.factories import StaffFactory

    colleague = StaffFactory(username="colleague", roles=[roles.FIRST_LINE_AGENT])
    category.default_desk.agents.add(colleague)
    ticket = file_ticket(student, category=category)
    services.ticket_assign(ticket=ticket, assignee=colleague, acting_user=agent1)
    services.ticket_reply(ticket=ticket, body="Still broken", acting_user=student)
    assert recipients(K.REQUESTER_REPLIED) == {"colleague"}


def test_requester_reply_on_unassigned_request_reaches_the_desks_first_line(agent1, category):
    ticket = file_ticket(None, category=category)  # a guest
    services.ticket_reply(ticket=ticket, body="Any news?", acting_user=None)
    assert recipients(K.REQUESTER_REPLIED) == {"agent1"}


def test_breach_reaches_the_assignee_and_the_lead(student, agent1, desk_lead, category):
    ticket = file_ticket(student, category=category)
    services.ticket_assign(ticket=ticket, assignee=agent1, acting_user=agent1)
    from alerts.services import alert_record

    alert_record(kind=K.SLA_BREACHED, ticket=ticket, target_user_id=ticket.assignee_id)
    assert recipients(K.SLA_BREACHED) == {"agent1", "lead"}


def test_failed_mail_to_the_requester_alerts_the_assignee(student, agent1, category):
    ticket = file_ticket(student, category=category)
    services.ticket_assign(ticket=ticket, assignee=agent1, acting_user=agent1)
    confirmation = OutboxMail.objects.get(event="ticket_filed", thread_key=ticket.reference)
    assert outbox_mail_mark_failed(mail_id=confirmation.pk, error="550 no such user")
    assert recipients(K.UNDELIVERABLE) == {"agent1"}


def test_a_failed_staff_mail_alerts_nobody(student, agent1, category):
    file_ticket(student, category=category)
    fan_out_all()
    send_due_batches()
    [alert] = alert_mails(agent1)
    assert alert_mail_undeliverable(mail=alert) is None
    assert not AlertEvent.objects.filter(kind=K.UNDELIVERABLE).exists()


def test_a_bounced_mail_to_the_requester_alerts_the_assignee(student, agent1, category):
    from notifications.services import outbox_mail_mark_bounced

    ticket = file_ticket(student, category=category)
    services.ticket_assign(ticket=ticket, assignee=agent1, acting_user=agent1)
    confirmation = OutboxMail.objects.get(event="ticket_filed", thread_key=ticket.reference)
    OutboxMail.objects.filter(pk=confirmation.pk).update(
        status=OutboxMail.Status.SENT, sent_at=confirmation.created_at
    )
    assert outbox_mail_mark_bounced(message_ids=[confirmation.message_id], detail="5.1.1") == 1
    assert recipients(K.UNDELIVERABLE) == {"agent1"}
