"""Profile: language, optional mails and the alternate address, through the portal's services."""

import pytest

from accounts.models import AccountEvent
from accounts.tests.helpers import last_code
from notifications.models import OutboxMail
from notifications.preferences import mail_kinds_enabled

from .helpers import app_client

pytestmark = pytest.mark.django_db


def test_profile_shows_language_and_mail_preferences(student, student_api):
    body = student_api.get("/api/v1/profile/").json()
    assert body["preferred_language"] == "nl"
    assert body["mail_preferences"] == {
        "survey": True,
        "digest": True,
        "reminder": True,
        "incident": True,
    }
    assert body["kind"] == "student"


def test_changing_language_and_one_mail_kind_keeps_the_others(student, student_api):
    response = student_api.patch(
        "/api/v1/profile/",
        {"preferred_language": "en", "mail_preferences": {"survey": False}},
        format="json",
    )
    assert response.status_code == 200
    student.refresh_from_db()
    assert student.preferred_language == "en"
    assert mail_kinds_enabled(user=student) == {
        "survey": False,
        "digest": True,
        "reminder": True,
        "incident": True,
    }


def test_unknown_language_is_refused_next_to_the_field(student, student_api):
    response = student_api.patch("/api/v1/profile/", {"preferred_language": "fr"}, format="json")
    assert response.status_code == 400
    assert response.json()["fields"]["preferred_language"][0]["code"] == "invalid_choice"
    student.refresh_from_db()
    assert student.preferred_language == "nl"


def test_email_cannot_be_changed_here(student, student_api):
    response = student_api.patch("/api/v1/profile/", {"email": "new@example.org"}, format="json")
    assert response.status_code == 400
    assert response.json()["fields"]["email"][0]["code"] == "cannot_change"
    student.refresh_from_db()
    assert student.email != "new@example.org"


def test_a_misspelt_field_or_mail_kind_is_refused_not_ignored(student, student_api):
    response = student_api.patch(
        "/api/v1/profile/",
        {"preferredLanguage": "en", "mail_preferences": {"surveys": False}},
        format="json",
    )
    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"preferredLanguage", "mail_preferences.surveys"}
    assert mail_kinds_enabled(user=student)["survey"] is True


# --- Alternate address ------------------------------------------------------

NEW_ALTERNATE = "sam.new@example.net"


def _ask_code(client, email=NEW_ALTERNATE):
    return client.post("/api/v1/profile/alternate-email/", {"email": email}, format="json")


def _confirm(client, code):
    return client.post("/api/v1/profile/alternate-email/confirm/", {"code": code}, format="json")


def test_alternate_address_changes_after_the_code_mailed_to_it(student, student_api):
    assert student_api.get("/api/v1/profile/").json()["alternate_email"] == ""
    response = _ask_code(student_api)
    assert response.status_code == 202
    assert response.json()["alternate_email_pending"] == NEW_ALTERNATE
    assert response.json()["alternate_email"] == ""
    student.refresh_from_db()
    assert student.alternate_email == ""  # not before the code
    mail = OutboxMail.objects.get(recipient_email=NEW_ALTERNATE)
    assert mail.event == "accounts_activation_code"
    # the pending address is read back until it is confirmed
    assert student_api.get("/api/v1/profile/").json()["alternate_email_pending"] == NEW_ALTERNATE

    confirmed = _confirm(student_api, last_code(NEW_ALTERNATE))
    assert confirmed.status_code == 200
    body = confirmed.json()
    assert body["alternate_email"] == NEW_ALTERNATE and body["alternate_email_verified"] is True
    assert body["alternate_email_pending"] is None
    student.refresh_from_db()
    assert student.alternate_email == NEW_ALTERNATE
    event = AccountEvent.objects.get(user=student, type="alternate_email_verified")
    assert event.data == {"old": "", "new": NEW_ALTERNATE}
    assert student_api.get("/api/v1/profile/").json()["alternate_email"] == NEW_ALTERNATE


@pytest.mark.parametrize(("language", "words"), [("nl", "privéadres"), ("en", "private address")])
def test_the_university_address_is_refused_as_alternate(student, language, words):
    client = app_client(student, language=language)
    response = _ask_code(client, student.email)
    assert response.status_code == 400
    (error,) = response.json()["fields"]["email"]
    assert error["code"] == "alternate_is_primary" and words in error["message"]
    assert not OutboxMail.objects.exists()


def test_a_wrong_code_changes_nothing(student, student_api):
    _ask_code(student_api)
    wrong = f"{(int(last_code(NEW_ALTERNATE)) + 1) % 10**6:06d}"
    response = _confirm(student_api, wrong)
    assert response.status_code == 400
    assert response.json()["fields"]["code"][0]["code"] == "code_wrong"
    student.refresh_from_db()
    assert student.alternate_email == ""


def test_three_wrong_codes_kill_the_code(student, student_api):
    _ask_code(student_api)
    right = last_code(NEW_ALTERNATE)
    wrong = f"{(int(right) + 1) % 10**6:06d}"
    codes = [_confirm(student_api, wrong).json()["fields"]["code"][0]["code"] for _ in range(3)]
    assert codes == ["code_wrong", "code_wrong", "code_expired"]
    assert _confirm(student_api, right).json()["fields"]["code"][0]["code"] == "no_code_pending"
    student.refresh_from_db()
    assert student.alternate_email == ""


def test_confirming_without_asking_for_a_code_is_explained(student_api):
    response = _confirm(student_api, "123456")
    assert response.status_code == 400
    assert response.json()["fields"]["code"][0]["code"] == "no_code_pending"


def test_the_code_belongs_to_the_session_that_asked_for_it(student, student_api):
    _ask_code(student_api)
    other_session = app_client(student)
    response = _confirm(other_session, last_code(NEW_ALTERNATE))
    assert response.json()["fields"]["code"][0]["code"] == "no_code_pending"


def test_codes_to_alternate_addresses_are_limited_per_account(student_api):
    for attempt in range(5):
        assert _ask_code(student_api, f"a{attempt}@example.net").status_code == 202
    response = _ask_code(student_api, "flood@example.net")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert not OutboxMail.objects.filter(recipient_email="flood@example.net").exists()


def test_alternate_address_cannot_be_patched_directly(student, student_api):
    response = student_api.patch(
        "/api/v1/profile/", {"alternate_email": "x@example.net"}, format="json"
    )
    assert response.status_code == 400
    student.refresh_from_db()
    assert student.alternate_email == ""
