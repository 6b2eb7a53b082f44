"""One-click unsubscribe (RFC 8058): the headers, the provider's POST, the page, bad links."""

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from notifications import kinds
from notifications.preferences import mail_kinds_enabled
from notifications.services import notify, outbox_mail_deliver

pytestmark = pytest.mark.django_db

ONE_CLICK_BODY = "List-Unsubscribe=One-Click"


@pytest.fixture
def optional_test_mail(monkeypatch):
    """Make the test mail an optional one of kind "reminder", as a feature would register it."""
    monkeypatch.setitem(kinds.OPTIONAL_EVENTS, "mail_test", "reminder")


def delivered(mail, sink):
    before = len(sink.messages)
    assert outbox_mail_deliver(mail_id=mail.pk) is True
    sink.wait_for(before + 1)
    return sink.messages[-1]


def unsubscribe_path(message) -> str:
    value = str(message["List-Unsubscribe"]).strip()  # a long link is folded onto its own line
    assert value.startswith("<https://") or value.startswith("<http://"), value
    assert value.endswith(">") and "," not in value
    return urlsplit(value[1:-1]).path


def provider_post(path: str):
    """What a mail provider sends: form-encoded one-click body, no cookies, no CSRF token."""
    return Client(enforce_csrf_checks=True).post(
        path, ONE_CLICK_BODY, content_type="application/x-www-form-urlencoded"
    )


def test_an_optional_mail_carries_one_click_headers_and_the_post_switches_it_off(
    smtp_backend, optional_test_mail, student
):
    mail = notify(event="mail_test", recipient_email=student.email, context={}, user=student)
    message = delivered(mail, smtp_backend)
    assert message["List-Unsubscribe-Post"] == ONE_CLICK_BODY
    path = unsubscribe_path(message)
    assert path.startswith("/mail/unsubscribe/")

    # Scanners follow links: a GET only asks.
    page = Client().get(path)
    assert page.status_code == 200
    assert b'name="List-Unsubscribe" value="One-Click"' in page.content
    assert mail_kinds_enabled(user=student)["reminder"] is True

    response = provider_post(path)
    assert response.status_code == 200
    assert mail_kinds_enabled(user=student) == {
        "survey": True,
        "digest": True,
        "reminder": False,
        "incident": True,
    }
    assert (
        notify(event="mail_test", recipient_email=student.email, context={}, user=student) is None
    )
    assert provider_post(path).status_code == 200  # a second post is harmless


def test_mails_that_cannot_be_switched_off_carry_no_unsubscribe(smtp_backend, student):
    mail = notify(event="mail_test", recipient_email=student.email, context={}, user=student)
    message = delivered(mail, smtp_backend)
    assert "List-Unsubscribe" not in message and "List-Unsubscribe-Post" not in message


def test_a_guests_optional_mail_has_no_account_to_unsubscribe(smtp_backend, optional_test_mail):
    mail = notify(event="mail_test", recipient_email="guest@example.net", context={})
    assert "List-Unsubscribe" not in delivered(mail, smtp_backend)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_tampered_expired_and_misused_links_answer_a_translated_page(
    smtp_backend, optional_test_mail, student, settings, language
):
    mail = notify(event="mail_test", recipient_email=student.email, context={}, user=student)
    path = unsubscribe_path(delivered(mail, smtp_backend))
    client = Client(enforce_csrf_checks=True)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    not_valid = {"nl": "niet geldig", "en": "not valid"}[language]
    expired = {"nl": "verlopen", "en": "expired"}[language]

    tampered = path.replace("/unsubscribe/", "/unsubscribe/x")
    for response in (
        client.get(tampered),
        client.post(tampered, {"List-Unsubscribe": "One-Click"}),
    ):
        assert response.status_code == 400
        assert not_valid in response.content.decode()
    wrong_body = client.post(path, {"List-Unsubscribe": "Yes"})
    assert wrong_body.status_code == 400
    assert client.put(path).status_code == 405
    with time_machine.travel(timezone.now() + timedelta(days=91)):
        late = client.post(path, {"List-Unsubscribe": "One-Click"})
    assert late.status_code == 410
    assert expired in late.content.decode()
    assert mail_kinds_enabled(user=student)["reminder"] is True
