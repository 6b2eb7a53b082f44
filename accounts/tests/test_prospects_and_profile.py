"""Staff switch welcome accounts on; profile, alternate address and data download."""

import json

import pytest

from accounts.models import AccountEvent, User
from accounts.tests.factories import ProspectFactory
from accounts.tests.helpers import last_body, last_code, mailed_to

pytestmark = pytest.mark.django_db


def test_admin_action_switches_a_welcome_account_on_and_mails_the_prospect(client, desk_lead):
    desk_lead.is_superuser = True
    desk_lead.save(update_fields=["is_superuser"])
    waiting = ProspectFactory(username="waiting", is_active=False, totp=False, consent=False)
    client.force_login(desk_lead)
    response = client.post(
        "/admin/accounts/user/",
        {"action": "enable_welcome_accounts", "_selected_action": [waiting.pk]},
        follow=True,
    )
    assert response.status_code == 200
    waiting.refresh_from_db()
    assert waiting.is_active
    assert mailed_to() == [waiting.email]
    assert "/accounts/login/code/" in last_body(waiting.email)
    event = AccountEvent.objects.get(user=waiting, type="prospect_enabled")
    assert event.acting_user == desk_lead
    # repeating the action changes nothing and mails nobody
    client.post(
        "/admin/accounts/user/",
        {"action": "enable_welcome_accounts", "_selected_action": [waiting.pk]},
    )
    assert len(mailed_to()) == 1


def test_profile_saves_the_language(client, student):
    client.force_login(student)
    response = client.post("/accounts/profile/", {"profile-preferred_language": "en"})
    assert response.url == "/accounts/profile/"
    student.refresh_from_db()
    assert student.preferred_language == "en"
    assert "Your profile" in client.get("/accounts/profile/").content.decode()


def test_profile_changes_the_alternate_address_after_a_code(client, student):
    client.force_login(student)
    response = client.post("/accounts/profile/alternate-email/", {"alt-email": "me@example.net"})
    assert response.url == "/accounts/profile/alternate-email/confirm/"
    student.refresh_from_db()
    assert student.alternate_email == ""  # not before the code
    client.post("/accounts/profile/alternate-email/confirm/", {"code": last_code("me@example.net")})
    student.refresh_from_db()
    assert student.alternate_email == "me@example.net"


def test_profile_refuses_the_university_address_as_alternate(client, student):
    client.force_login(student)
    response = client.post("/accounts/profile/alternate-email/", {"alt-email": student.email})
    assert response.status_code == 200
    assert "niet je universiteitsadres" in response.content.decode()
    assert mailed_to() == []


def test_download_my_data_is_json_of_account_and_consents(client, prospect):
    client.force_login(prospect)
    response = client.post("/accounts/profile/data/")
    assert response["Content-Type"] == "application/json"
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["account"]["email"] == prospect.email
    assert [c["kind"] for c in data["consents"]] == ["prospect_data_use"]
    assert AccountEvent.objects.filter(user=prospect, type="data_exported").exists()


def test_download_my_data_needs_post(client, student):
    client.force_login(student)
    assert client.get("/accounts/profile/data/").status_code == 405


def test_other_apps_add_their_data_through_the_registry(client, student, monkeypatch):
    from accounts import exports

    monkeypatch.setitem(exports.DATA_EXPORTERS, "tickets", lambda user: [{"owner": user.pk}])
    client.force_login(student)
    data = json.loads(client.post("/accounts/profile/data/").content)
    assert data["tickets"] == [{"owner": student.pk}]


def test_profile_needs_a_login(client):
    assert client.get("/accounts/profile/").url.startswith("/accounts/login/")


def test_inactive_welcome_account_cannot_log_in_by_code(client):
    waiting = ProspectFactory(username="off", is_active=False)
    client.post("/accounts/login/code/", {"email": waiting.email})
    assert User.objects.get(pk=waiting.pk).last_login is None
    assert client.session.get("_auth_user_id") is None


def test_codes_to_alternate_addresses_are_limited_per_account(client, student):
    client.force_login(student)
    for attempt in range(5):
        client.post("/accounts/profile/alternate-email/", {"alt-email": f"a{attempt}@example.net"})
    response = client.post(
        "/accounts/profile/alternate-email/", {"alt-email": "flood@example.net"}, follow=True
    )
    assert "Te veel pogingen" in response.content.decode()
    assert "flood@example.net" not in mailed_to()
    assert len(mailed_to()) == 5


def test_profile_switches_optional_mails_off(client, student):
    from notifications.preferences import mail_kind_enabled

    client.force_login(student)
    page = client.get("/accounts/profile/").content.decode()
    assert 'name="enabled_kinds"' in page
    client.post("/accounts/profile/mail/", {"enabled_kinds": ["reminder"]})
    assert mail_kind_enabled(user=student, kind="reminder")
    assert not mail_kind_enabled(user=student, kind="survey")


def test_profile_refuses_an_unknown_mail_kind(client, student):
    client.force_login(student)
    response = client.post("/accounts/profile/mail/", {"enabled_kinds": ["spam"]})
    assert response.status_code == 200
    assert (
        'aria-invalid="true"' in response.content.decode()
        or "errorlist" in response.content.decode()
    )
