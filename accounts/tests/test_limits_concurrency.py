"""Limits on the account flows hold when many tries arrive at the same instant."""

import random
import uuid

import pytest
from django.conf import settings as django_settings
from django.contrib.sessions.backends.base import SessionBase
from django.test import Client
from django.utils.module_loading import import_string

from accounts import codes, services
from accounts.tests.helpers import import_student
from core.testing.concurrency import Browser, CallCounter, all_at_once

# A live server and 20-40 simultaneous requests per test. The embedded pass runs
# them too: without Redis the counters are database rows (core.ratelimit).
pytestmark = [pytest.mark.slow, pytest.mark.embedded, pytest.mark.django_db(transaction=True)]


def stranger_ip() -> str:
    value = uuid.uuid4().int
    return f"10.{value % 250}.{value // 250 % 250}.{value // 62500 % 250 + 1}"


def test_forty_simultaneous_wrong_initial_passwords_are_evaluated_only_up_to_the_limit(
    live_server, settings, monkeypatch
):
    settings.ACCOUNTS_ACTIVATION_RATE_LIMIT = (5, 300)
    settings.TRUSTED_PROXY_COUNT = 1
    number = f"{random.randrange(10**6, 10**7)}"
    import_student(number=number, email=f"r{number}@student.example.org")
    checks = CallCounter(services.student_check_initial_password)
    monkeypatch.setattr(services, "student_check_initial_password", checks)
    data = {"student_number": number, "initial_password": "Not-The-Initial-1"}
    # Every try from another address: the per-number count must hold them all.
    posts = [
        Browser(live_server.url, client_ip=stranger_ip()).form_post("/accounts/activate/", data)
        for _ in range(40)
    ]
    all_at_once(posts)
    assert checks.calls == 5


def _session_with_code(user) -> tuple[str, str]:
    """A signed-in session holding a mailed code for a new alternate address."""
    client = Client()
    client.force_login(user)
    key = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    store: SessionBase = import_string(f"{django_settings.SESSION_ENGINE}.SessionStore")(key)
    code = codes.code_issue(
        session=store, slot=codes.EMAIL_SLOT, recipient=f"new-{uuid.uuid4().hex[:8]}@example.net"
    )
    store.save()
    return key, code


def test_twenty_nine_simultaneous_wrong_codes_are_evaluated_only_three_times(
    live_server, student, monkeypatch
):
    session_key, code = _session_with_code(student)
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    compares = CallCounter(codes.constant_time_compare)
    monkeypatch.setattr(codes, "constant_time_compare", compares)
    cookies = {django_settings.SESSION_COOKIE_NAME: session_key}
    posts = [
        Browser(live_server.url, cookies=cookies).form_post(
            "/accounts/profile/alternate-email/confirm/", {"code": wrong}
        )
        for _ in range(29)
    ]
    all_at_once(posts)
    assert compares.calls == django_settings.ACCOUNTS_CODE_MAX_ATTEMPTS
    # The code is dead now: even the right one is refused.
    browser = Browser(live_server.url, cookies=cookies)
    assert browser.http.get("/accounts/profile/alternate-email/confirm/").status_code == 302


def test_twenty_simultaneous_wrong_passwords_are_evaluated_only_up_to_the_limit(
    live_server, student, settings, monkeypatch
):
    import allauth.account.adapter

    settings.TRUSTED_PROXY_COUNT = 1
    checks = CallCounter(allauth.account.adapter.authenticate)
    monkeypatch.setattr(allauth.account.adapter, "authenticate", checks)
    ip = stranger_ip()
    data = {"login": student.email, "password": "Wrong-Password-1"}
    posts = [
        Browser(live_server.url, client_ip=ip).form_post("/accounts/login/", data)
        for _ in range(20)
    ]
    all_at_once(posts)
    assert checks.calls == 5


def test_twenty_simultaneous_wrong_login_codes_are_evaluated_only_three_times(
    live_server, prospect, settings, monkeypatch
):
    import allauth.account.forms

    settings.TRUSTED_PROXY_COUNT = 1
    browser = Browser(live_server.url, client_ip=stranger_ip())
    browser.form_post("/accounts/login/code/", {"email": prospect.email})()
    session_key = browser.http.cookies[django_settings.SESSION_COOKIE_NAME]
    checks = CallCounter(allauth.account.forms.compare_user_code)
    monkeypatch.setattr(allauth.account.forms, "compare_user_code", checks)
    cookies = {django_settings.SESSION_COOKIE_NAME: session_key}
    posts = [
        Browser(live_server.url, client_ip=stranger_ip(), cookies=cookies).form_post(
            "/accounts/login/code/confirm/", {"code": "WRONG1"}
        )
        for _ in range(20)
    ]
    all_at_once(posts)
    assert checks.calls == django_settings.ACCOUNT_LOGIN_BY_CODE_MAX_ATTEMPTS


def test_twenty_simultaneous_wrong_login_codes_over_the_app_api_are_evaluated_only_three_times(
    live_server, prospect, settings, monkeypatch
):
    import allauth.account.forms

    settings.TRUSTED_PROXY_COUNT = 1
    starter = Browser(live_server.url, client_ip=stranger_ip())
    started = starter.http.post(
        "/_allauth/app/v1/auth/code/request", json={"email": prospect.email}
    )
    token = started.json()["meta"]["session_token"]
    checks = CallCounter(allauth.account.forms.compare_user_code)
    monkeypatch.setattr(allauth.account.forms, "compare_user_code", checks)

    def confirm() -> int:
        browser = Browser(live_server.url, client_ip=stranger_ip())
        return browser.http.post(
            "/_allauth/app/v1/auth/code/confirm",
            json={"code": "WRONG1"},
            headers={"X-Session-Token": token},
        ).status_code

    statuses = all_at_once([confirm] * 20)
    assert checks.calls == django_settings.ACCOUNT_LOGIN_BY_CODE_MAX_ATTEMPTS
    assert 500 not in statuses


def test_twenty_simultaneous_wrong_authenticator_codes_are_evaluated_only_five_times(
    live_server, settings, monkeypatch
):
    from allauth.mfa.totp.internal.auth import TOTP

    from accounts.tests.factories import DEFAULT_PASSWORD, TEST_TOTP_SECRET, StaffFactory
    from accounts.totp import totp_code

    settings.TRUSTED_PROXY_COUNT = 1
    staff = StaffFactory(username=f"mfa{uuid.uuid4().hex[:8]}")
    browser = Browser(live_server.url, client_ip=stranger_ip())
    browser.form_post("/accounts/login/", {"login": staff.email, "password": DEFAULT_PASSWORD})()
    cookies = {django_settings.SESSION_COOKIE_NAME: browser.http.cookies["sessionid"]}
    checks = CallCounter(TOTP.validate_code)
    monkeypatch.setattr(TOTP, "validate_code", lambda self, code: checks(self, code))
    wrong = f"{(int(totp_code(TEST_TOTP_SECRET)) + 1) % 10**6:06d}"
    posts = [
        Browser(live_server.url, client_ip=stranger_ip(), cookies=cookies).form_post(
            "/accounts/2fa/authenticate/", {"code": wrong}
        )
        for _ in range(20)
    ]
    all_at_once(posts)
    assert checks.calls == 5


def test_twenty_simultaneous_wrong_authenticator_codes_in_the_app_are_evaluated_only_five_times(
    live_server, settings, monkeypatch
):
    """The app's MFA step shares the browser's atomic budget of five guesses per account."""
    from allauth.mfa.totp.internal.auth import TOTP

    from accounts.tests.factories import DEFAULT_PASSWORD, TEST_TOTP_SECRET, StaffFactory
    from accounts.totp import totp_code

    settings.TRUSTED_PROXY_COUNT = 1
    staff = StaffFactory(username=f"mfa{uuid.uuid4().hex[:8]}")
    started = Browser(live_server.url, client_ip=stranger_ip()).http.post(
        "/_allauth/app/v1/auth/login", json={"email": staff.email, "password": DEFAULT_PASSWORD}
    )
    token = started.json()["meta"]["session_token"]
    checks = CallCounter(TOTP.validate_code)
    monkeypatch.setattr(TOTP, "validate_code", lambda self, code: checks(self, code))
    wrong = f"{(int(totp_code(TEST_TOTP_SECRET)) + 1) % 10**6:06d}"

    def authenticate(code: str) -> int:
        return (
            Browser(live_server.url, client_ip=stranger_ip())
            .http.post(
                "/_allauth/app/v1/auth/2fa/authenticate",
                json={"code": code},
                headers={"X-Session-Token": token},
            )
            .status_code
        )

    statuses = all_at_once([lambda: authenticate(wrong)] * 20)
    assert checks.calls == 5
    assert 500 not in statuses
    # The right code is no longer compared either: the budget is spent.
    assert authenticate(totp_code(TEST_TOTP_SECRET)) != 200
    assert checks.calls == 5
