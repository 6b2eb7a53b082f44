"""Students and alumni activate over the API, then log in through allauth."""

import datetime as dt

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.utils import timezone

from accounts.models import AccountEvent, User
from accounts.tests.factories import AlumnusFactory
from accounts.tests.helpers import INITIAL_PASSWORD, NEW_PASSWORD, import_student, last_code
from notifications.models import OutboxMail

from .helpers import LOGIN_URL, app_client

pytestmark = pytest.mark.django_db

BASE = "/api/v1/account/activation"
ALTERNATE = "nora.private@example.net"


def step(client, name: str, **data):
    return client.post(f"{BASE}/{name}/", data, format="json")


def start_student(client, number="0765432", password=INITIAL_PASSWORD):
    return step(client, "student", student_number=number, initial_password=password)


def login(client, email: str, password: str):
    return client.post(LOGIN_URL, {"email": email, "password": password}, format="json")


def error_codes(response, field: str) -> list[str]:
    return [error["code"] for error in response.json()["fields"].get(field, [])]


@pytest.fixture
def alumna(db):
    return AlumnusFactory(username="alumna", email="lies@example.net", alumni_number="Q7654321")


# --- Students ---------------------------------------------------------------


def test_student_activates_over_the_api_and_logs_in_through_allauth():
    student = import_student()
    client = app_client()
    assert login(client, student.email, INITIAL_PASSWORD).status_code == 400

    started = start_student(client)
    assert started.status_code == 200, started.json()
    assert started.json()["step"] == "password" and started.json()["email"] is None
    token = started.json()["token"]

    chosen = step(client, "password", token=token, password1=NEW_PASSWORD, password2=NEW_PASSWORD)
    assert chosen.json()["step"] == "email"
    student.refresh_from_db()
    assert not student.is_active  # not before the address is proven

    mailed = step(client, "email", token=chosen.json()["token"], email=ALTERNATE)
    assert mailed.json() == {"token": mailed.json()["token"], "step": "code", "email": ALTERNATE}
    assert OutboxMail.objects.filter(
        recipient_email=ALTERNATE, event="accounts_activation_code"
    ).exists()

    done = step(client, "code", token=mailed.json()["token"], code=last_code(ALTERNATE))
    assert done.status_code == 200
    assert done.json() == {"token": None, "step": "done", "email": None}
    student.refresh_from_db()
    assert student.is_active and not student.is_awaiting_activation
    assert student.alternate_email == ALTERNATE and student.activated_at is not None
    assert set(AccountEvent.objects.filter(user=student).values_list("type", flat=True)) >= {
        "activated",
        "alternate_email_verified",
    }

    logged_in = login(client, student.email, NEW_PASSWORD)
    assert logged_in.status_code == 200
    client.credentials(HTTP_X_SESSION_TOKEN=logged_in.json()["meta"]["session_token"])
    profile = client.get("/api/v1/profile/").json()
    assert profile["alternate_email"] == ALTERNATE and profile["alternate_email_verified"]


@pytest.mark.parametrize(
    ("language", "words"),
    [("nl", "horen niet bij een account"), ("en", "do not match an account")],
)
def test_wrong_password_and_unknown_number_get_the_same_answer(language, words):
    import_student()
    client = app_client(language=language)
    wrong = start_student(client, password="Not-The-One-1")
    unknown = start_student(client, number="0000001")
    assert wrong.status_code == unknown.status_code == 400
    assert wrong.json() == unknown.json()
    assert error_codes(wrong, "non_field_errors") == ["activation_no_match"]
    assert words in wrong.json()["fields"]["non_field_errors"][0]["message"]
    assert not Session.objects.exists()  # no activation was started


@pytest.mark.parametrize(
    ("language", "words"), [("nl", "bestaat uit 7 cijfers"), ("en", "is 7 digits")]
)
def test_malformed_student_number_is_explained_next_to_the_field(language, words):
    response = start_student(app_client(language=language), number="12ab")
    assert response.status_code == 400
    assert response.json()["code"] == "validation_error"
    messages = [error["message"] for error in response.json()["fields"]["student_number"]]
    assert any(words.lower() in message.lower() for message in messages), messages


def test_five_misses_lock_the_number_with_a_429_even_for_the_right_password():
    student = import_student()
    client = app_client(language="en")
    for _ in range(5):
        start_student(client, password="Wrong-Guess-123")
    response = start_student(client)
    assert response.status_code == 429
    assert response.json()["code"] == "throttled"
    assert "Too many attempts" in response.json()["message"]
    assert int(response["Retry-After"]) > 0
    student.refresh_from_db()
    assert student.is_awaiting_activation


def test_the_new_password_follows_the_rules_and_is_not_the_initial_one():
    import_student()
    client = app_client(language="en")
    token = start_student(client).json()["token"]
    same = step(
        client, "password", token=token, password1=INITIAL_PASSWORD, password2=INITIAL_PASSWORD
    )
    assert error_codes(same, "password1") == ["password_is_initial"]
    weak = step(client, "password", token=token, password1="short1A", password2="short1A")
    assert weak.status_code == 400
    assert any("12 characters" in e["message"] for e in weak.json()["fields"]["password1"])
    mismatch = step(
        client, "password", token=token, password1=NEW_PASSWORD, password2="Other-2026x"
    )
    assert error_codes(mismatch, "password2")
    # still at the password step with the same token
    ok = step(client, "password", token=token, password1=NEW_PASSWORD, password2=NEW_PASSWORD)
    assert ok.json()["step"] == "email"


def test_the_university_address_is_not_an_alternate_one():
    student = import_student()
    client = app_client()
    token = start_student(client).json()["token"]
    step(client, "password", token=token, password1=NEW_PASSWORD, password2=NEW_PASSWORD)
    response = step(client, "email", token=token, email=student.email)
    assert error_codes(response, "email") == ["alternate_is_primary"]
    assert not OutboxMail.objects.exists()


@pytest.mark.parametrize("token", ["", "made-up-token", "x" * 300, "a\x00b", None, 42])
def test_an_unknown_token_means_start_again(token):
    response = step(app_client(), "password", token=token, password1="x", password2="x")
    assert response.status_code == 400
    assert error_codes(response, "token") == ["activation_expired"]


def test_steps_cannot_be_skipped_with_a_token():
    import_student()
    client = app_client()
    token = start_student(client).json()["token"]
    response = step(client, "code", token=token, code="123456")
    assert error_codes(response, "token") == ["activation_expired"]


def test_the_token_dies_when_the_activation_is_done():
    import_student()
    client = app_client()
    token = start_student(client).json()["token"]
    step(client, "password", token=token, password1=NEW_PASSWORD, password2=NEW_PASSWORD)
    step(client, "email", token=token, email=ALTERNATE)
    step(client, "code", token=token, code=last_code(ALTERNATE))
    again = step(client, "code", token=token, code=last_code(ALTERNATE))
    assert error_codes(again, "token") == ["activation_expired"]
    assert not Session.objects.filter(session_key=token).exists()


def test_a_wrong_code_keeps_the_step_and_an_expired_one_goes_back_to_the_address():
    student = import_student()
    client = app_client(language="nl")
    token = start_student(client).json()["token"]
    step(client, "password", token=token, password1=NEW_PASSWORD, password2=NEW_PASSWORD)
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        step(client, "email", token=token, email=ALTERNATE)
        right = last_code(ALTERNATE)
        wrong = f"{(int(right) + 1) % 10**6:06d}"
        response = step(client, "code", token=token, code=wrong)
        assert error_codes(response, "code") == ["code_wrong"]
        assert "klopt niet" in response.json()["fields"]["code"][0]["message"]
        traveller.shift(dt.timedelta(minutes=30, seconds=1))
        expired = step(client, "code", token=token, code=right)
    assert error_codes(expired, "code") == ["code_expired"]
    student.refresh_from_db()
    assert student.is_awaiting_activation and not student.is_active
    # the same token now asks for an address again, and a new code finishes it
    again = step(client, "email", token=token, email=ALTERNATE)
    assert again.json()["step"] == "code"
    done = step(client, "code", token=token, code=last_code(ALTERNATE))
    assert done.json()["step"] == "done"


def test_activation_endpoints_ignore_a_stale_session_token():
    student = import_student()
    client = app_client()
    client.credentials(HTTP_X_SESSION_TOKEN="stale-token-from-an-old-login")
    assert start_student(client).status_code == 200
    assert User.objects.get(pk=student.pk).is_awaiting_activation


# --- Alumni -----------------------------------------------------------------


def test_alumnus_activates_over_the_api_and_logs_in_through_allauth(alumna):
    client = app_client()
    started = step(client, "alumni", alumni_number="Q7654321", email="Lies@Example.net")
    assert started.status_code == 200, started.json()
    assert started.json()["step"] == "code" and started.json()["email"] == "lies@example.net"
    assert list(OutboxMail.objects.values_list("recipient_email", flat=True)) == [
        "lies@example.net"
    ]
    token = started.json()["token"]

    proven = step(client, "code", token=token, code=last_code("lies@example.net"))
    assert proven.json()["step"] == "password"
    done = step(client, "password", token=token, password1=NEW_PASSWORD, password2=NEW_PASSWORD)
    assert done.json() == {"token": None, "step": "done", "email": None}
    alumna.refresh_from_db()
    assert alumna.check_password(NEW_PASSWORD) and alumna.activated_at is not None

    logged_in = login(client, alumna.email, NEW_PASSWORD)
    assert logged_in.status_code == 200
    client.credentials(HTTP_X_SESSION_TOKEN=logged_in.json()["meta"]["session_token"])
    assert client.get("/api/v1/profile/").json()["kind"] == "alumnus"


def test_alumnus_may_use_the_email_alone(alumna):
    response = step(app_client(), "alumni", email="lies@example.net")
    assert response.json()["step"] == "code"


@pytest.mark.parametrize(("language", "words"), [("nl", "alumnidienst"), ("en", "alumni office")])
def test_details_not_on_file_point_to_the_alumni_office_and_send_nothing(alumna, language, words):
    client = app_client(language=language)
    mismatch = step(client, "alumni", alumni_number="Q7654321", email="someone@example.net")
    unknown = step(client, "alumni", alumni_number="Q0000000", email="someone@example.net")
    assert mismatch.status_code == unknown.status_code == 400
    assert mismatch.json() == unknown.json()
    (error,) = mismatch.json()["fields"]["non_field_errors"]
    assert error["code"] == "alumni_mismatch"
    assert words in error["message"] and "alumni@example.org" in error["message"]
    assert not OutboxMail.objects.exists()


def test_alumni_activation_locks_after_five_mismatches(alumna):
    client = app_client()
    for _ in range(5):
        step(client, "alumni", alumni_number="Q7654321", email="guess@example.net")
    response = step(client, "alumni", alumni_number="Q7654321", email="lies@example.net")
    assert response.status_code == 429
    assert not OutboxMail.objects.exists()


def test_alumnus_gets_back_in_after_a_forgotten_password(alumna):
    client = app_client()
    token = step(client, "alumni", email="lies@example.net").json()["token"]
    step(client, "code", token=token, code=last_code("lies@example.net"))
    step(client, "password", token=token, password1=NEW_PASSWORD, password2=NEW_PASSWORD)
    token = step(client, "alumni", email="lies@example.net").json()["token"]
    step(client, "code", token=token, code=last_code("lies@example.net"))
    step(
        client, "password", token=token, password1="Second-Time-2027", password2="Second-Time-2027"
    )
    assert login(client, alumna.email, "Second-Time-2027").status_code == 200


def test_three_wrong_codes_end_an_alumnus_activation(alumna):
    client = app_client()
    token = step(client, "alumni", email="lies@example.net").json()["token"]
    right = last_code("lies@example.net")
    wrong = f"{(int(right) + 1) % 10**6:06d}"
    answers = [step(client, "code", token=token, code=wrong) for _ in range(3)]
    assert [error_codes(a, "code") for a in answers] == [
        ["code_wrong"],
        ["code_wrong"],
        ["code_expired"],
    ]
    after = step(client, "code", token=token, code=right)
    assert error_codes(after, "token") == ["activation_expired"]


def test_an_activation_left_alone_for_an_hour_starts_over(settings):
    # Redis expires the cached copy on the real clock, which time_machine
    # cannot move; the database copy's expiry date is the same rule.
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.db"
    import_student()
    client = app_client()
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        token = start_student(client).json()["token"]
        traveller.shift(dt.timedelta(minutes=59))
        chosen = step(
            client, "password", token=token, password1=NEW_PASSWORD, password2=NEW_PASSWORD
        )
        assert chosen.json()["step"] == "email"  # each step gives the token another hour
        traveller.shift(dt.timedelta(minutes=61))
        late = step(client, "email", token=token, email=ALTERNATE)
    assert error_codes(late, "token") == ["activation_expired"]
