"""allauth's mails leave through the notification outbox, in the user's language."""

import pytest
from django.core import mail as django_mail
from django.urls import reverse

from accounts.services import user_set_alternate_email, user_set_preferred_language
from accounts.tests.factories import DEFAULT_PASSWORD
from core.testing.broker import drain_queued_tasks, purge_queue
from notifications.models import OutboxMail
from notifications.tasks import deliver_outbox_mail

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_rate_limits(settings):
    """Rate-limit counters live in the shared cache and outlast a test run."""
    settings.ACCOUNT_RATE_LIMITS = False


@pytest.mark.parametrize("language", ["nl", "en"])
def test_password_reset_mail_is_queued_in_the_outbox_in_the_users_language(
    client, student, language, django_capture_on_commit_callbacks
):
    purge_queue()
    user_set_preferred_language(user=student, language=language)
    # recovery mails go to the alternate address only (accounts.forms)
    user_set_alternate_email(user=student, email="sam.private@example.net")
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(
            reverse("account_reset_password"), {"email": "sam.private@example.net"}
        )
    assert response.status_code == 302
    assert django_mail.outbox == []  # nothing bypasses the outbox

    mail = OutboxMail.objects.get()
    assert mail.event == "account/email/password_reset_key"
    assert (mail.user, mail.recipient_email, mail.language) == (
        student,
        "sam.private@example.net",
        language,
    )
    assert mail.optional_kind == ""  # a security mail: cannot be switched off
    assert "/accounts/password/reset/key/" in mail.body_text
    assert 'href="http' in mail.body_html and f'lang="{language}"' in mail.body_html
    assert len(callbacks) == 1
    callbacks[0]()  # what the commit runs
    assert drain_queued_tasks() == [(deliver_outbox_mail.name, [mail.pk])]


def test_reset_mails_in_dutch_and_english_differ(client, student, other_student):
    user_set_preferred_language(user=student, language="nl")
    user_set_preferred_language(user=other_student, language="en")
    user_set_alternate_email(user=student, email="sam.private@example.net")
    user_set_alternate_email(user=other_student, email="olivia.private@example.net")
    client.post(reverse("account_reset_password"), {"email": "sam.private@example.net"})
    client.post(reverse("account_reset_password"), {"email": "olivia.private@example.net"})
    dutch = OutboxMail.objects.get(user=student)
    english = OutboxMail.objects.get(user=other_student)
    assert dutch.subject != english.subject
    assert "Wachtwoord" in dutch.subject or "wachtwoord" in dutch.subject
    assert "Password" in english.subject


def test_password_changed_notice_is_a_queued_security_mail(client, student):
    user_set_preferred_language(user=student, language="en")
    client.force_login(student)
    new_password = "Another-Horse-2026"
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": DEFAULT_PASSWORD, "password1": new_password, "password2": new_password},
    )
    assert response.status_code == 302
    mail = OutboxMail.objects.get(event="account/email/password_changed")
    assert (mail.user, mail.language, mail.optional_kind) == (student, "en", "")
    assert mail.subject == "Password Changed"
