"""Profile: language and optional mails through the accounts and notifications services."""

import pytest

from notifications.preferences import mail_kinds_enabled

pytestmark = pytest.mark.django_db


def test_profile_shows_language_and_mail_preferences(student, student_api):
    body = student_api.get("/api/v1/profile/").json()
    assert body["preferred_language"] == "nl"
    assert body["mail_preferences"] == {"survey": True, "digest": True, "reminder": True}
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
    assert mail_kinds_enabled(user=student) == {"survey": False, "digest": True, "reminder": True}


def test_unknown_language_is_refused_next_to_the_field(student, student_api):
    response = student_api.patch("/api/v1/profile/", {"preferred_language": "fr"}, format="json")
    assert response.status_code == 400
    assert response.json()["fields"]["preferred_language"][0]["code"] == "invalid_choice"
    student.refresh_from_db()
    assert student.preferred_language == "nl"


def test_email_cannot_be_changed_here(student, student_api):
    student_api.patch("/api/v1/profile/", {"email": "new@example.org"}, format="json")
    student.refresh_from_db()
    assert student.email != "new@example.org"
