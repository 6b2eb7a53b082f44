"""A student activates with number + initial password, a new password and an alternate address."""

import datetime as dt
import re

import pytest
import time_machine
from django.utils import timezone

from accounts.models import AccountEvent, User
from accounts.tests.helpers import (
    INITIAL_PASSWORD,
    NEW_PASSWORD,
    import_student,
    last_body,
    last_code,
    mailed_to,
)

pytestmark = pytest.mark.django_db

ALTERNATE = "nora.private@example.net"


def start(client, number="0765432", password=INITIAL_PASSWORD, **extra):
    return client.post(
        "/accounts/activate/", {"student_number": number, "initial_password": password, **extra}
    )


def test_student_activates_and_can_then_log_in_with_the_new_password(client):
    student = import_student()
    assert not student.is_active and student.is_awaiting_activation

    response = start(client, next="/requests/")
    assert response.status_code == 302 and response.url == "/accounts/activate/password/"
    response = client.post(
        "/accounts/activate/password/", {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert response.url == "/accounts/activate/email/"
    response = client.post("/accounts/activate/email/", {"email": ALTERNATE})
    assert response.url == "/accounts/activate/code/"
    assert mailed_to()[-1] == ALTERNATE

    response = client.post("/accounts/activate/code/", {"code": last_code(ALTERNATE)})
    assert response.status_code == 302
    assert response.url == "/accounts/login/?next=%2Frequests%2F"

    student.refresh_from_db()
    assert student.is_active and not student.is_awaiting_activation
    assert student.alternate_email == ALTERNATE and student.activated_at is not None
    assert set(AccountEvent.objects.filter(user=student).values_list("type", flat=True)) >= {
        "imported",
        "activated",
        "alternate_email_verified",
    }
    response = client.post("/accounts/login/", {"login": student.email, "password": NEW_PASSWORD})
    assert response.status_code == 302
    assert client.get("/accounts/profile/").status_code == 200


def test_initial_password_does_not_log_in_before_activation(client):
    student = import_student()
    response = client.post(
        "/accounts/login/", {"login": student.email, "password": INITIAL_PASSWORD}
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_login_by_code_does_not_work_before_activation(client):
    student = import_student()
    client.post("/accounts/login/code/", {"email": student.email})
    found = re.search(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", last_body(student.email), re.M)
    if found:  # whatever allauth mails, no code logs an inactive account in
        client.post("/accounts/login/code/confirm/", {"code": found.group(1)})
    assert "_auth_user_id" not in client.session


def test_wrong_initial_password_and_unknown_number_get_the_same_answer(client):
    import_student()
    wrong_password = start(client, password="Not-The-One-1")
    unknown_number = start(client, number="0000001")
    assert wrong_password.status_code == unknown_number.status_code == 200
    message = "Dit stamnummer en initieel wachtwoord horen niet bij een account"
    assert message in wrong_password.content.decode()
    assert message in unknown_number.content.decode()
    # what was typed stays, except the password
    assert 'value="0000001"' in unknown_number.content.decode()
    assert INITIAL_PASSWORD not in wrong_password.content.decode()


def test_malformed_student_number_is_explained_next_to_the_field(client):
    response = start(client, number="12ab")
    body = response.content.decode()
    assert "Een stamnummer bestaat uit 7 cijfers" in body
    assert 'aria-invalid="true"' in body


def test_new_password_may_not_be_the_initial_one(client):
    import_student()
    start(client)
    response = client.post(
        "/accounts/activate/password/",
        {"password1": INITIAL_PASSWORD, "password2": INITIAL_PASSWORD},
    )
    assert response.status_code == 200
    assert "niet het initiële wachtwoord" in response.content.decode()


def test_weak_new_password_is_refused_with_the_rule(client):
    import_student()
    start(client)
    response = client.post(
        "/accounts/activate/password/", {"password1": "short1A", "password2": "short1A"}
    )
    assert response.status_code == 200
    assert "minstens 12 tekens" in response.content.decode()


def test_steps_cannot_be_skipped(client):
    import_student()
    response = client.get("/accounts/activate/email/")
    assert response.url == "/accounts/activate/"
    start(client)
    assert client.get("/accounts/activate/code/").url == "/accounts/activate/"


def test_wrong_code_keeps_the_account_awaiting_activation(client):
    student = import_student()
    start(client)
    client.post(
        "/accounts/activate/password/", {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    client.post("/accounts/activate/email/", {"email": ALTERNATE})
    right = last_code(ALTERNATE)
    wrong = f"{(int(right) + 1) % 10**6:06d}"
    response = client.post("/accounts/activate/code/", {"code": wrong})
    assert "Deze code klopt niet" in response.content.decode()
    student.refresh_from_db()
    assert student.is_awaiting_activation and not student.is_active


def test_code_expires_after_thirty_minutes(client):
    student = import_student()
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        start(client)
        client.post(
            "/accounts/activate/password/", {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
        )
        client.post("/accounts/activate/email/", {"email": ALTERNATE})
        traveller.shift(dt.timedelta(minutes=30, seconds=1))
        response = client.post("/accounts/activate/code/", {"code": last_code(ALTERNATE)})
    assert response.url == "/accounts/activate/email/"
    student.refresh_from_db()
    assert student.is_awaiting_activation


def test_code_still_works_just_before_thirty_minutes(client):
    student = import_student()
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        start(client)
        client.post(
            "/accounts/activate/password/", {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
        )
        client.post("/accounts/activate/email/", {"email": ALTERNATE})
        traveller.shift(dt.timedelta(minutes=29, seconds=50))
        client.post("/accounts/activate/code/", {"code": last_code(ALTERNATE)})
    student.refresh_from_db()
    assert not student.is_awaiting_activation


def test_code_is_single_use(client):
    import_student()
    start(client)
    client.post(
        "/accounts/activate/password/", {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    client.post("/accounts/activate/email/", {"email": ALTERNATE})
    code = last_code(ALTERNATE)
    client.post("/accounts/activate/code/", {"code": code})
    again = client.post("/accounts/activate/code/", {"code": code})
    assert again.url == "/accounts/activate/"


def test_activation_locks_after_five_wrong_tries_even_with_the_right_password(client):
    student = import_student()
    for _ in range(5):
        start(client, password="Wrong-Guess-123")
    response = start(client)
    assert "Te veel pogingen" in response.content.decode()
    assert client.session.get("accounts_activation") is None
    student.refresh_from_db()
    assert student.is_awaiting_activation


def test_an_activated_student_cannot_activate_again(client):
    import_student()
    start(client)
    client.post(
        "/accounts/activate/password/", {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    client.post("/accounts/activate/email/", {"email": ALTERNATE})
    client.post("/accounts/activate/code/", {"code": last_code(ALTERNATE)})
    response = start(client)
    assert response.status_code == 200
    assert User.objects.get(student_number="0765432").check_password(NEW_PASSWORD)


def test_activation_cycles_the_session_key_once_the_student_is_identified(client):
    import_student()
    client.get("/accounts/activate/")
    client.session.save()
    before = client.session.session_key
    start(client)
    assert client.session.session_key != before


def test_demo_student_awaiting_activation_can_activate(client):
    from accounts.demo import DEMO_STUDENT_TO_ACTIVATE, seed_demo_accounts

    seed_demo_accounts()
    response = start(
        client,
        number=DEMO_STUDENT_TO_ACTIVATE["student_number"],
        password=DEMO_STUDENT_TO_ACTIVATE["initial_password"],
    )
    assert response.url == "/accounts/activate/password/"
