"""Optional mails can be switched off; security mails cannot."""

import pytest
from django.core.exceptions import ValidationError

from notifications.kinds import OPTIONAL_KINDS
from notifications.preferences import (
    MailPreferencesForm,
    mail_kind_enabled,
    mail_kind_switch_off,
    mail_kinds_enabled,
    mail_preferences_set,
)
from notifications.services import notify

pytestmark = pytest.mark.django_db


def test_every_optional_kind_is_on_by_default(student):
    assert mail_kinds_enabled(user=student) == dict.fromkeys(OPTIONAL_KINDS, True)


def test_switching_one_kind_off_keeps_the_others_as_they_were(student):
    mail_preferences_set(user=student, enabled_kinds=["reminder"], acting_user=student)
    mail_kind_switch_off(user=student, kind="reminder")
    mail_kind_switch_off(user=student, kind="reminder")  # a second click changes nothing
    assert mail_kinds_enabled(user=student) == {
        "survey": False,
        "digest": False,
        "reminder": False,
        "incident": False,
    }
    mail_preferences_set(user=student, enabled_kinds=["digest"], acting_user=student)
    mail_kind_switch_off(user=student, kind="survey")
    assert mail_kinds_enabled(user=student) == {
        "survey": False,
        "digest": True,
        "reminder": False,
        "incident": False,
    }
    with pytest.raises(ValidationError):
        mail_kind_switch_off(user=student, kind="news")


def test_security_mails_go_out_even_with_every_optional_kind_off(student):
    mail_preferences_set(user=student, enabled_kinds=[], acting_user=student)
    assert not any(mail_kinds_enabled(user=student).values())
    mail = notify(event="mail_test", recipient_email=student.email, context={}, user=student)
    assert mail is not None and mail.optional_kind == ""


def test_switching_a_kind_back_on_restores_it(student):
    mail_preferences_set(user=student, enabled_kinds=[], acting_user=student)
    mail_preferences_set(user=student, enabled_kinds=["survey"], acting_user=student)
    assert mail_kind_enabled(user=student, kind="survey") is True


def test_an_unknown_kind_is_refused(student):
    with pytest.raises(ValidationError) as error:
        mail_preferences_set(user=student, enabled_kinds=["security"], acting_user=student)
    assert error.value.code == "unknown_kind"


def test_a_student_cannot_change_another_students_preferences(student, other_student):
    with pytest.raises(ValidationError) as error:
        mail_preferences_set(user=other_student, enabled_kinds=[], acting_user=student)
    assert error.value.code == "not_allowed"
    assert mail_kind_enabled(user=other_student, kind="survey") is True


def test_the_form_shows_the_current_choice_and_feeds_the_service(student):
    mail_preferences_set(user=student, enabled_kinds=["digest"], acting_user=student)
    assert MailPreferencesForm.for_user(student).initial == {"enabled_kinds": ["digest"]}

    form = MailPreferencesForm.for_user(student, data={"enabled_kinds": ["survey", "reminder"]})
    assert form.is_valid()
    mail_preferences_set(
        user=student, enabled_kinds=form.cleaned_data["enabled_kinds"], acting_user=student
    )
    assert mail_kinds_enabled(user=student) == {
        "survey": True,
        "digest": False,
        "reminder": True,
        "incident": False,
    }


def test_the_form_refuses_a_kind_that_does_not_exist(student):
    form = MailPreferencesForm.for_user(student, data={"enabled_kinds": ["security"]})
    assert not form.is_valid()
    assert "enabled_kinds" in form.errors
