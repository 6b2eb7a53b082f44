"""The registrar's CSV import: idempotent, bad rows reported by line, the rest imports."""

import pytest
from django.core.management import CommandError, call_command

from accounts.models import AccountEvent, User
from accounts.services import students_import_csv

pytestmark = pytest.mark.django_db

HEADER = "student_number,email,first_name,last_name,initial_password\n"
GOOD = (
    "0100001,r0100001@student.example.org,An,Claes,Init-Pass-0001\n"
    "0100002,r0100002@student.example.org,Bo,Dierckx,Init-Pass-0002\n"
)
WITH_BAD_ROWS = (
    HEADER
    + "0100001,r0100001@student.example.org,An,Claes,Init-Pass-0001\n"  # line 2
    + "12345,short@student.example.org,Cas,Eeckhout,Init-Pass-0003\n"  # line 3
    + "0100004,not-an-email,Dirk,Foubert,Init-Pass-0004\n"  # line 4
    + "0100005,r0100005@student.example.org,Eva,Goossens,\n"  # line 5
    + "0100001,again@student.example.org,An,Claes,Init-Pass-0001\n"  # line 6
    + "0100007,r0100007@student.example.org,Fien,Hermans,Init-Pass-0007\n"  # line 7
)


def test_good_rows_create_inactive_students_awaiting_activation():
    report = students_import_csv(text=HEADER + GOOD, acting_user=None)
    assert (report.created, report.updated, report.unchanged, report.errors) == (2, 0, 0, [])
    user = User.objects.get(student_number="0100001")
    assert user.kind == User.Kind.STUDENT and not user.is_active
    assert not user.has_usable_password() and user.is_awaiting_activation
    assert user.initial_password != "Init-Pass-0001"  # stored hashed
    assert AccountEvent.objects.filter(user=user, type="imported").count() == 1


def test_importing_the_same_file_twice_changes_nothing():
    students_import_csv(text=HEADER + GOOD, acting_user=None)
    before = list(User.objects.order_by("pk").values_list("pk", "initial_password", "email"))
    report = students_import_csv(text=HEADER + GOOD, acting_user=None)
    assert (report.created, report.updated, report.unchanged) == (0, 0, 2)
    after = list(User.objects.order_by("pk").values_list("pk", "initial_password", "email"))
    assert before == after
    assert AccountEvent.objects.count() == 2


def test_bad_rows_are_reported_with_line_numbers_and_the_rest_imports():
    report = students_import_csv(text=WITH_BAD_ROWS, acting_user=None)
    assert [line for line, _message in report.errors] == [3, 4, 5, 6]
    messages = dict(report.errors)
    assert "7 cijfers" in messages[3]
    assert "geen geldig e-mailadres" in messages[4]
    assert "leeg" in messages[5]
    assert "twee keer" in messages[6]
    assert set(User.objects.values_list("student_number", flat=True)) == {"0100001", "0100007"}


def test_missing_column_is_reported_on_line_one():
    report = students_import_csv(
        text="student_number,email\n0100001,a@example.org\n", acting_user=None
    )
    assert report.errors[0][0] == 1
    assert User.objects.count() == 0


def test_an_activated_student_keeps_the_chosen_password_on_reimport():
    students_import_csv(text=HEADER + GOOD, acting_user=None)
    user = User.objects.get(student_number="0100001")
    from accounts.services import student_activate, user_set_password

    user_set_password(user=user, password="Own-Choice-2026")
    student_activate(user=user, alternate_email="an@example.net")
    changed = GOOD.replace("Init-Pass-0001", "Other-Pass-9999")
    students_import_csv(text=HEADER + changed, acting_user=None)
    user.refresh_from_db()
    assert not user.is_awaiting_activation and user.check_password("Own-Choice-2026")


def test_command_imports_and_reports_bad_lines(tmp_path, capsys):
    path = tmp_path / "students.csv"
    path.write_text(WITH_BAD_ROWS, encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("import_students", str(path))
    out, err = capsys.readouterr()
    assert "created 2" in out
    assert "line 3:" in err and "line 6:" in err
    assert User.objects.filter(student_number="0100007").exists()
