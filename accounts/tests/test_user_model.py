"""The user model keeps identity numbers well-formed and unique."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from accounts.models import User


def make_user(username: str, **fields) -> User:
    return User.objects.create_user(username=username, email=f"{username}@example.org", **fields)


@pytest.mark.django_db
@pytest.mark.parametrize("number", ["0123456", "9999999"])
def test_well_formed_student_number_is_accepted(number):
    user = User(username="s", email="s@example.org", student_number=number)
    user.set_unusable_password()
    user.full_clean()  # raises ValidationError if the number were refused
    user.save()  # and the database's own check lets it in unchanged
    assert User.objects.get(student_number=number).pk == user.pk


@pytest.mark.django_db
@pytest.mark.parametrize("number", ["123456", "12345678", "01234a6", " 0123456"])
def test_malformed_student_number_gets_a_clear_message(number):
    user = User(username="s", email="s@example.org", student_number=number)
    user.set_unusable_password()
    with pytest.raises(ValidationError) as error:
        user.full_clean()
    assert (
        "Een stamnummer bestaat uit 7 cijfers, bijvoorbeeld 0123456."
        in (error.value.message_dict["student_number"])
    )
    with translation.override("en"):
        with pytest.raises(ValidationError) as error:
            user.full_clean()
        assert (
            "A student number is 7 digits, for example 0123456."
            in (error.value.message_dict["student_number"])
        )


@pytest.mark.django_db
@pytest.mark.parametrize("number", ["1234567", "q1234567", "Q123456", "Q12345678", "QQ234567"])
def test_malformed_alumni_number_is_refused(number):
    user = User(username="a", email="a@example.org", alumni_number=number)
    user.set_unusable_password()
    with pytest.raises(ValidationError) as error:
        user.full_clean()
    assert "alumni_number" in error.value.message_dict


@pytest.mark.django_db
def test_database_refuses_a_malformed_alumni_number_that_skips_validation():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_user("a", alumni_number="1234567")


@pytest.mark.django_db
def test_student_number_is_unique_when_set():
    make_user("first", student_number="0123456")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_user("second", student_number="0123456")


@pytest.mark.django_db
def test_many_users_may_have_no_numbers():
    make_user("first")
    make_user("second")
    assert User.objects.filter(student_number="", alumni_number="").count() == 2


@pytest.mark.django_db
def test_duplicate_alumni_number_is_a_validation_error_not_a_crash():
    make_user("first", alumni_number="Q1234567")
    other = User(username="second", email="second@example.org", alumni_number="Q1234567")
    other.set_unusable_password()
    with pytest.raises(ValidationError) as error:
        other.full_clean()
    assert "Dit alumninummer hoort bij een ander account." in str(error.value)


@pytest.mark.django_db
def test_new_users_default_to_dutch_and_student_kind():
    user = make_user("new")
    assert user.preferred_language == "nl"
    assert user.kind == User.Kind.STUDENT
