"""notify(): one outbox row, rendered at call time, sent only after commit."""

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template import TemplateDoesNotExist

from core.testing.broker import drain_queued_tasks
from notifications.kinds import MAIL_CLASSES, OPTIONAL_EVENTS, OPTIONAL_KINDS
from notifications.models import OutboxMail
from notifications.services import notify
from notifications.tasks import deliver_outbox_mail

pytestmark = pytest.mark.django_db


def test_notify_writes_a_ready_row_and_enqueues_only_its_id_on_commit(
    student, django_capture_on_commit_callbacks, empty_queue
):
    with django_capture_on_commit_callbacks() as callbacks:
        mail = notify(event="mail_test", recipient_email=student.email, context={}, user=student)
    assert drain_queued_tasks() == []  # nothing leaves before the commit
    assert len(callbacks) == 1
    callbacks[0]()  # what the commit runs
    assert drain_queued_tasks() == [(deliver_outbox_mail.name, [mail.pk])]
    row = OutboxMail.objects.get()
    assert row.status == OutboxMail.Status.READY
    assert row.attempts == 0
    assert row.user == student
    assert row.recipient_email == student.email
    assert row.message_id.startswith("<") and row.message_id.endswith(">")


def test_rolled_back_notify_leaves_no_row_and_enqueues_nothing(
    student, django_capture_on_commit_callbacks
):
    class Boom(Exception):
        pass

    with (
        django_capture_on_commit_callbacks() as callbacks,
        pytest.raises(Boom),
        transaction.atomic(),
    ):
        notify(event="mail_test", recipient_email=student.email, context={}, user=student)
        assert OutboxMail.objects.count() == 1
        raise Boom
    assert OutboxMail.objects.count() == 0
    assert callbacks == []


@pytest.mark.parametrize(
    ("preferred", "expected_subject"),
    [("nl", "Testmail van de IT-servicedesk"), ("en", "Test mail from the IT Service Desk")],
)
def test_notify_renders_in_the_users_preferred_language(student, preferred, expected_subject):
    student.preferred_language = preferred
    mail = notify(
        event="mail_test", recipient_email=student.email, context={}, user=student, language="nl"
    )
    assert mail.language == preferred
    assert mail.subject == expected_subject
    assert f'lang="{preferred}"' in mail.body_html


def test_notify_without_user_uses_the_given_language_else_dutch():
    english = notify(event="mail_test", recipient_email="a@example.org", context={}, language="en")
    default = notify(event="mail_test", recipient_email="b@example.org", context={})
    assert (english.language, default.language) == ("en", "nl")


def test_text_body_is_not_html_escaped_but_html_body_is():
    mail = notify(
        event="mail_test",
        recipient_email="a@example.org",
        context={"note": "Tom & Jerry <b>"},
        language="en",
    )
    assert "Tom & Jerry <b>" in mail.body_text
    assert "Tom &amp; Jerry &lt;b&gt;" in mail.body_html
    assert "Tom & Jerry <b>" not in mail.body_html


def test_subject_carries_the_thread_reference():
    mail = notify(
        event="mail_test",
        recipient_email="a@example.org",
        context={},
        language="en",
        thread_key="SD-2026-000123",
    )
    assert mail.subject == "[SD-2026-000123] Test mail from the IT Service Desk"
    assert mail.thread_key == "SD-2026-000123"


def test_unknown_event_fails_in_the_callers_transaction():
    with pytest.raises(TemplateDoesNotExist):
        notify(event="no_such_event", recipient_email="a@example.org", context={})
    assert OutboxMail.objects.count() == 0


def test_invalid_recipient_is_refused():
    with pytest.raises(ValidationError):
        notify(event="mail_test", recipient_email="a@example.org\r\nBcc: x@evil.test", context={})
    assert OutboxMail.objects.count() == 0


def test_every_optional_event_is_switched_off_by_a_kind_the_user_can_choose():
    # A typo here would make a mail impossible to switch off.
    assert set(OPTIONAL_EVENTS.values()) <= set(OPTIONAL_KINDS)
    assert set(OPTIONAL_EVENTS) <= set(MAIL_CLASSES)
