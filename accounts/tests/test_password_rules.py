"""Each password rule, in Dutch and English, and the checklist that shows them."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.models import User
from accounts.password_validation import password_checklist

pytestmark = pytest.mark.django_db

HYPOTHESIS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def codes_for(password: str, user: User | None = None) -> set[str]:
    try:
        validate_password(password, user)
    except ValidationError as error:
        return {e.code for e in error.error_list}
    return set()


def someone() -> User:
    return User(
        username="noor", email="noor.verbeke@example.org", first_name="Noor", last_name="Verbeke"
    )


@pytest.mark.parametrize(
    ("password", "code"),
    [
        ("Short1Ab", "password_too_short"),
        ("alllowercase123", "password_no_upper"),
        ("ALLUPPERCASE123", "password_no_lower"),
        ("NoDigitsAtAllHere", "password_no_digit"),
        ("Password1234", "password_too_common"),
        ("Noor.Verbeke1", "password_too_similar"),
        ("123456789012", "password_entirely_numeric"),
    ],
)
def test_each_rule_refuses_its_password_with_its_own_code(password, code):
    assert code in codes_for(password, someone())


def test_a_password_obeying_every_rule_is_accepted():
    assert codes_for("Blue-Kettle-Rain-42", someone()) == set()


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("nl", ["minstens 12 tekens hebben", "een hoofdletter", "een kleine letter", "een cijfer"]),
        (
            "en",
            ["at least 12 characters", "an upper-case letter", "a lower-case letter", "a digit"],
        ),
    ],
)
def test_messages_are_in_the_users_language(language, expected):
    with translation.override(language), pytest.raises(ValidationError) as error:
        validate_password("", someone())
    text = " ".join(error.value.messages)
    for fragment in expected:
        assert fragment in text


# Letters, digits and punctuation; hypothesis mixes lengths around the 12 mark.
password_alphabet = st.sampled_from(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.!?#"
)


@HYPOTHESIS
@given(st.text(password_alphabet, min_size=0, max_size=24))
def test_generated_passwords_are_accepted_exactly_when_they_obey_the_rules(password):
    obeys = (
        len(password) >= 12
        and any(c.isupper() for c in password)
        and any(c.islower() for c in password)
        and any(c.isdigit() for c in password)
    )
    refused = codes_for(password, User(username="x9", email="x9@example.org"))
    refused.discard("password_too_common")  # a random string is (almost) never common
    assert (not refused) == obeys, (password, refused)


@HYPOTHESIS
@given(
    st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyz"), min_size=1, max_size=6),
    st.text(st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZ"), min_size=1, max_size=6),
    st.text(st.sampled_from("0123456789"), min_size=1, max_size=6),
)
def test_generated_short_passwords_with_every_class_are_refused_for_length(lower, upper, digits):
    password = (lower + upper + digits)[:11]
    assert "password_too_short" in codes_for(password)


def test_checklist_lists_every_configured_rule_with_checks_for_the_browser():
    with translation.override("en"):
        items = password_checklist()
    checks = [item.check for item in items]
    assert {"min:12", "upper", "lower", "digit", "not-numeric"} <= set(checks)
    assert checks[-1] == ""  # server-only rules come last
    texts = " ".join(item.text for item in items)
    assert "At least 12 characters." in texts
    assert "commonly used password" in texts  # server-only rules are listed too
    assert "" in checks  # and carry no browser check


@pytest.mark.parametrize(
    ("language", "fragment"),
    [("nl", "Minstens één hoofdletter."), ("en", "At least one upper-case letter.")],
)
def test_change_password_page_renders_the_checklist(client, student, language, fragment):
    client.force_login(student)
    client.cookies["django_language"] = language
    body = client.get("/accounts/password/change/").content.decode()
    assert "data-password-checklist" in body
    assert fragment in body
    assert 'data-check="min:12"' in body
    assert 'aria-describedby="id_password1_helptext"' in body


def test_change_password_refuses_a_weak_one_and_accepts_a_good_one(client, student):
    from accounts.tests.factories import DEFAULT_PASSWORD

    client.force_login(student)
    weak = client.post(
        "/accounts/password/change/",
        {"oldpassword": DEFAULT_PASSWORD, "password1": "weakpassword", "password2": "weakpassword"},
    )
    assert weak.status_code == 200 and "hoofdletter" in weak.content.decode()
    good = client.post(
        "/accounts/password/change/",
        {
            "oldpassword": DEFAULT_PASSWORD,
            "password1": "Sturdy-Lamp-2027",
            "password2": "Sturdy-Lamp-2027",
        },
    )
    assert good.status_code == 302
    student.refresh_from_db()
    assert student.check_password("Sturdy-Lamp-2027")
