"""allauth's protections as configured: rate limits, code expiry, MFA, one identity."""

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from accounts.tests.factories import (
    DEFAULT_PASSWORD,
    TEST_TOTP_SECRET,
    ProspectFactory,
    StaffFactory,
)
from accounts.tests.helpers import last_login_code
from accounts.totp import totp_code

pytestmark = pytest.mark.django_db


def login(client, email, password, *, ip="127.0.0.1"):
    return client.post("/accounts/login/", {"login": email, "password": password}, REMOTE_ADDR=ip)


def logged_in_user_id(client):
    return client.session.get("_auth_user_id")


def mailed_login_code(to: str) -> str:
    return last_login_code(to)


def test_five_wrong_passwords_lock_that_address_even_for_the_right_one(client, student):
    for _ in range(5):
        response = login(client, student.email, "Wrong-Password-1", ip="192.0.2.10")
        assert response.status_code == 200
    response = login(client, student.email, DEFAULT_PASSWORD, ip="192.0.2.10")
    assert response.status_code == 200
    assert logged_in_user_id(client) is None
    assert "Te veel inlogpogingen" in response.content.decode()


def test_a_stranger_cannot_lock_the_student_out_from_another_address(client, student):
    stranger = Client()
    for _ in range(6):
        login(stranger, student.email, "Wrong-Password-1", ip="198.51.100.66")
    assert login(client, student.email, DEFAULT_PASSWORD, ip="192.0.2.20").status_code == 302
    assert logged_in_user_id(client) == str(student.pk)


def test_the_lockout_message_is_translated(client, student, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    for _ in range(5):
        login(client, student.email, "Wrong-Password-1", ip="192.0.2.30")
    response = login(client, student.email, DEFAULT_PASSWORD, ip="192.0.2.30")
    assert "Too many failed login attempts" in response.content.decode()


def test_the_per_account_ceiling_holds_across_addresses(client, student, settings):
    settings.ACCOUNTS_LOGIN_RATE_LIMITS = {"pair": (5, 300), "account": (8, 3600)}
    for n in range(8):
        login(Client(), student.email, "Wrong-Password-1", ip=f"203.0.113.{n + 1}")
    response = login(client, student.email, DEFAULT_PASSWORD, ip="192.0.2.40")
    assert response.status_code == 200
    assert logged_in_user_id(client) is None


def test_right_passwords_do_not_use_up_the_tries(client, student):
    for _ in range(6):
        assert login(Client(), student.email, DEFAULT_PASSWORD, ip="192.0.2.50").status_code == 302
    for _ in range(4):
        login(client, student.email, "Wrong-Password-1", ip="192.0.2.50")
    assert login(client, student.email, DEFAULT_PASSWORD, ip="192.0.2.50").status_code == 302


def test_four_wrong_passwords_do_not_lock(client, student):
    for _ in range(4):
        login(client, student.email, "Wrong-Password-1")
    assert login(client, student.email, DEFAULT_PASSWORD).status_code == 302
    assert logged_in_user_id(client) == str(student.pk)


def request_code(client, email):
    return client.post("/accounts/login/code/", {"email": email})


def test_prospect_logs_in_with_a_mailed_code(client, prospect):
    request_code(client, prospect.email)
    response = client.post(
        "/accounts/login/code/confirm/", {"code": mailed_login_code(prospect.email)}
    )
    assert response.status_code == 302
    # prospects have an authenticator app (the persona is set up), so MFA comes next
    assert response.url.startswith("/accounts/2fa/authenticate/")
    client.post("/accounts/2fa/authenticate/", {"code": totp_code(TEST_TOTP_SECRET)})
    assert logged_in_user_id(client) == str(prospect.pk)


def test_login_code_expires_after_thirty_minutes(client, prospect):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        request_code(client, prospect.email)
        traveller.shift(dt.timedelta(minutes=30, seconds=5))
        response = client.post(
            "/accounts/login/code/confirm/", {"code": mailed_login_code(prospect.email)}
        )
    assert logged_in_user_id(client) is None
    assert "/accounts/2fa/" not in response.get("Location", "")


def test_login_code_still_works_at_twenty_nine_minutes(client, prospect):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        request_code(client, prospect.email)
        traveller.shift(dt.timedelta(minutes=29))
        response = client.post(
            "/accounts/login/code/confirm/", {"code": mailed_login_code(prospect.email)}
        )
    assert response.url.startswith("/accounts/2fa/authenticate/")


def test_three_wrong_login_codes_end_the_code(client, prospect):
    request_code(client, prospect.email)
    right = mailed_login_code(prospect.email)
    for _ in range(3):
        client.post("/accounts/login/code/confirm/", {"code": "WRONG1"})
    client.post("/accounts/login/code/confirm/", {"code": right})
    assert logged_in_user_id(client) is None
    # a fresh code is needed: the confirm page no longer accepts the old one
    assert client.get("/accounts/login/code/confirm/").status_code == 302


def test_five_wrong_authenticator_codes_lock_the_mfa_step(client):
    staff = StaffFactory(username="lockme")
    login(client, staff.email, DEFAULT_PASSWORD)
    right = totp_code(TEST_TOTP_SECRET)
    wrong = f"{(int(right) + 1) % 10**6:06d}"
    for _ in range(5):
        client.post("/accounts/2fa/authenticate/", {"code": wrong})
    response = client.post("/accounts/2fa/authenticate/", {"code": right})
    assert logged_in_user_id(client) is None, response


def test_staff_password_alone_is_not_enough(client, agent_first_line):
    response = login(client, agent_first_line.email, DEFAULT_PASSWORD)
    assert response.url.startswith("/accounts/2fa/authenticate/")
    assert logged_in_user_id(client) is None
    client.post("/accounts/2fa/authenticate/", {"code": totp_code(TEST_TOTP_SECRET)})
    assert logged_in_user_id(client) == str(agent_first_line.pk)
    assert client.get("/admin/").status_code == 200


def test_admin_login_is_the_portal_login(client):
    response = client.get("/admin/", follow=False)
    assert response.url == "/admin/login/?next=/admin/"
    response = client.get(response.url)
    assert response.url == "/accounts/login/?next=/admin/"


def test_admin_refuses_a_next_to_another_site(client):
    response = client.get("/admin/login/?next=https://evil.example.com/")
    assert response.url == "/accounts/login/?next=/admin/"


def test_staff_without_authenticator_is_sent_to_set_one_up(client):
    staff = StaffFactory(username="newagent", totp=False)
    assert login(client, staff.email, DEFAULT_PASSWORD).status_code == 302
    assert logged_in_user_id(client) == str(staff.pk)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response.url == "/accounts/2fa/totp/activate/?next=%2Fadmin%2F"
    assert client.get("/admin/accounts/user/").url.startswith("/accounts/2fa/totp/activate/")


def test_prospect_without_authenticator_or_consent_must_finish_both(client):
    prospect = ProspectFactory(username="fresh", totp=False, consent=False)
    client.force_login(prospect)
    assert client.get("/").url == "/accounts/mfa/setup/?next=%2F"
    from accounts.totp import user_install_totp

    user_install_totp(user=prospect, secret=TEST_TOTP_SECRET)
    assert client.get("/").url == "/accounts/consent/?next=%2F"
    response = client.post("/accounts/consent/", {"agree": "on", "next": "/"})
    assert response.url == "/"
    assert client.get("/").status_code == 200
    assert prospect.consents.count() == 1


def test_consent_must_be_ticked(client):
    prospect = ProspectFactory(username="fresh2", consent=False)
    client.force_login(prospect)
    response = client.post("/accounts/consent/", {"next": "/"})
    assert response.status_code == 200
    assert "Vink het vakje aan" in response.content.decode()
    assert prospect.consents.count() == 0


def test_students_are_not_forced_into_mfa(client, student):
    client.force_login(student)
    assert client.get("/").status_code == 200


def test_logging_in_as_another_account_ends_the_first_session(client, student, alumnus):
    login(client, student.email, DEFAULT_PASSWORD)
    first_session = client.session.session_key
    page = client.get("/accounts/login/")
    assert page.status_code == 200
    assert "één identiteit tegelijk" in page.content.decode()
    login(client, alumnus.email, DEFAULT_PASSWORD)
    assert logged_in_user_id(client) == str(alumnus.pk)
    assert client.session.session_key != first_session
    from importlib import import_module

    from django.conf import settings
    from django.contrib.sessions.backends.base import SessionBase

    engine = import_module(settings.SESSION_ENGINE)
    old: SessionBase = engine.SessionStore(session_key=first_session)
    assert old.get("_auth_user_id") is None
