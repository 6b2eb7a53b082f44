"""Staff find, read, resend and cancel outbox mails in the admin."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from notifications.models import OutboxMail
from notifications.services import notify

pytestmark = pytest.mark.django_db

Status = OutboxMail.Status
CHANGELIST = reverse("admin:notifications_outboxmail_changelist")


@pytest.fixture(autouse=True)
def english(admin_client, settings):
    admin_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def queue_mails(count: int, *, event: str = "mail_test", email: str = "sam@example.org"):
    return [
        notify(event=event, recipient_email=email, context={"note": f"#{n}"}, language="en")
        for n in range(count)
    ]


def test_the_list_filters_by_status_event_and_date(admin_client):
    sent, ready = queue_mails(2)
    OutboxMail.objects.filter(pk=sent.pk).update(status=Status.SENT, sent_at=timezone.now())
    response = admin_client.get(CHANGELIST, {"status__exact": "sent"})
    assert list(response.context["cl"].result_list) == [sent]
    today = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    since_today = {"created_at__gte": str(today), "created_at__lt": str(today + timedelta(days=1))}
    response = admin_client.get(CHANGELIST, {"event": "mail_test", **since_today})
    assert set(response.context["cl"].result_list) == {sent, ready}
    OutboxMail.objects.filter(pk=ready.pk).update(created_at=today - timedelta(days=3))
    response = admin_client.get(CHANGELIST, since_today)
    assert list(response.context["cl"].result_list) == [sent]
    response = admin_client.get(CHANGELIST, {"event": "other_event"})
    assert list(response.context["cl"].result_list) == []
    assert b"mail_test" in response.content  # offered as an event choice


def test_search_finds_a_recipient_by_full_address(admin_client):
    (sam,) = queue_mails(1, email="sam@example.org")
    queue_mails(1, email="olivia@example.org")
    response = admin_client.get(CHANGELIST, {"q": "Sam@Example.org "})
    assert list(response.context["cl"].result_list) == [sam]
    response = admin_client.get(CHANGELIST, {"q": sam.message_id})
    assert list(response.context["cl"].result_list) == [sam]


@pytest.mark.parametrize("rows", [1, 50])
def test_the_list_costs_the_same_queries_for_few_and_many_rows(
    admin_client, django_assert_num_queries, rows, settings
):
    queue_mails(rows)
    admin_client.get(CHANGELIST)  # warm the session and content types
    # user, event choices, capped count, rows (the AUP gate asks once per
    # session); plus the session row when sessions are not cached in Redis
    # (the embedded set-up).
    queries = 4 if settings.SESSION_ENGINE.endswith("cached_db") else 5
    with django_assert_num_queries(queries):
        response = admin_client.get(CHANGELIST)
    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == rows


def test_the_detail_page_previews_both_bodies_read_only(admin_client):
    (mail,) = queue_mails(1)
    url = reverse("admin:notifications_outboxmail_change", args=[mail.pk])
    page = admin_client.get(url).content.decode()
    body_url = reverse("admin:notifications_outboxmail_html_body", args=[mail.pk])
    assert f'<iframe sandbox="" title="Preview of the HTML body" src="{body_url}"' in page
    assert "This is a test mail." in page
    assert 'name="subject"' not in page  # nothing is editable
    assert admin_client.get(reverse("admin:notifications_outboxmail_add")).status_code == 403


def test_the_html_body_has_a_policy_of_its_own_that_lets_nothing_run(admin_client):
    """The mail keeps its inline styles (mail clients need them), in a sandbox."""
    (mail,) = queue_mails(1)
    response = admin_client.get(reverse("admin:notifications_outboxmail_html_body", args=[mail.pk]))
    assert response.status_code == 200
    assert response.content.decode() == mail.body_html
    policy = response["Content-Security-Policy"]
    assert policy.startswith("default-src 'none'; style-src 'unsafe-inline';")
    assert "script-src" not in policy  # default-src 'none' forbids scripts
    assert policy.endswith("sandbox")
    assert response["X-Frame-Options"] == "SAMEORIGIN"


def test_the_html_body_needs_the_same_right_as_the_mail(client, admin_client, django_user_model):
    (mail,) = queue_mails(1)
    url = reverse("admin:notifications_outboxmail_html_body", args=[mail.pk])
    assert admin_client.get(url.replace(f"/{mail.pk}/", "/999999/")).status_code == 404
    assert client.get(url).status_code == 302  # to the login
    staff = django_user_model.objects.create_user(
        username="clerk", email="clerk@example.org", password="x", is_staff=True
    )
    client.force_login(staff)
    assert client.get(url).status_code in (302, 403)
    assert mail.body_html.encode() not in client.get(url).content


def test_staff_resend_a_failed_mail_and_cancel_a_ready_one(admin_client):
    failed, ready = queue_mails(2)
    OutboxMail.objects.filter(pk=failed.pk).update(status=Status.FAILED, attempts=8)
    response = admin_client.post(
        CHANGELIST, {"action": "resend_mails", "_selected_action": [failed.pk]}, follow=True
    )
    assert "1 mail queued again." in response.content.decode()
    admin_client.post(CHANGELIST, {"action": "cancel_mails", "_selected_action": [ready.pk]})
    failed.refresh_from_db()
    ready.refresh_from_db()
    assert (failed.status, failed.attempts) == (Status.READY, 0)
    assert ready.status == Status.CANCELLED


def test_a_refused_action_says_why_in_the_users_language_and_changes_nothing(
    admin_client, settings
):
    (mail,) = queue_mails(1)
    response = admin_client.post(
        CHANGELIST, {"action": "resend_mails", "_selected_action": [mail.pk]}, follow=True
    )
    assert "Only a failed or cancelled mail can be sent again." in response.content.decode()
    admin_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"
    response = admin_client.post(
        CHANGELIST, {"action": "resend_mails", "_selected_action": [mail.pk]}, follow=True
    )
    assert "Alleen een mislukte of geannuleerde mail kan opnieuw" in response.content.decode()
    mail.refresh_from_db()
    assert mail.status == Status.READY


def test_a_first_line_agent_can_resend_a_failed_mail_of_their_desk(
    client, agent_first_line, student
):
    from tickets.tests.factories import CategoryFactory, DeskFactory, file_ticket

    desk = DeskFactory()
    desk.agents.add(agent_first_line)
    ticket = file_ticket(student, category=CategoryFactory(default_desk=desk))
    mail = OutboxMail.objects.get(thread_key=ticket.reference)
    OutboxMail.objects.filter(pk=mail.pk).update(status=Status.FAILED)
    client.force_login(agent_first_line)
    response = client.get(CHANGELIST)
    assert response.status_code == 200
    assert "resend_mails" in response.content.decode()
    client.post(CHANGELIST, {"action": "resend_mails", "_selected_action": [mail.pk]})
    mail.refresh_from_db()
    assert mail.status == Status.READY


def test_a_second_line_agent_can_look_but_not_resend(client, agent_second_line):
    (mail,) = queue_mails(1)
    OutboxMail.objects.filter(pk=mail.pk).update(status=Status.FAILED)
    client.force_login(agent_second_line)
    response = client.get(CHANGELIST)
    assert response.status_code == 200
    assert "resend_mails" not in response.content.decode()
    client.post(CHANGELIST, {"action": "resend_mails", "_selected_action": [mail.pk]})
    mail.refresh_from_db()
    assert mail.status == Status.FAILED


def test_a_student_cannot_open_the_outbox(client, student):
    client.force_login(student)
    response = client.get(CHANGELIST)
    assert response.status_code == 302
    assert "/login/" in response["Location"]
