"""The admin side of the background import: upload, job pages, who may see them."""

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import StudentImport, User
from accounts.student_imports import student_import_run_batch

from .test_student_import import WITH_BAD_ROWS

pytestmark = pytest.mark.django_db

UPLOAD_URL = "/admin/accounts/user/import-students/"
LIST_URL = "/admin/accounts/studentimport/"


@pytest.fixture(autouse=True)
def private_storage(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def lead(desk_lead):
    """The servicedesk lead with the right the import view asks for (adding users)."""
    desk_lead.user_permissions.add(Permission.objects.get(codename="add_user"))
    return User.objects.get(pk=desk_lead.pk)  # fresh permission cache


def signed_in(client, user, language: str = "nl"):
    client.force_login(user)
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = language
    return client


def csv_upload(text: str | bytes, name: str = "students.csv") -> SimpleUploadedFile:
    raw = text.encode() if isinstance(text, str) else text
    return SimpleUploadedFile(name, raw, content_type="text/csv")


def test_upload_makes_a_job_and_redirects_to_its_page(
    client, lead, django_capture_on_commit_callbacks
):
    signed_in(client, lead)
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(UPLOAD_URL, {"file": csv_upload(WITH_BAD_ROWS)})
    job = StudentImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/admin/accounts/studentimport/{job.pk}/change/"
    assert (job.status, job.rows_total, job.uploaded_by, job.file_name) == (
        "queued",
        6,
        lead,
        "students.csv",
    )
    assert len(callbacks) == 1  # the task leaves after commit
    assert not User.objects.filter(kind=User.Kind.STUDENT).exists()  # nothing imported yet

    page = client.get(response["Location"]).content.decode()
    assert "De import staat in de wachtrij" in page
    assert "Nog bezig: 0 van 6 rijen verwerkt." in page and "Vernieuwen" in page


def test_the_job_page_lists_the_refused_rows_by_line_once_done(client, lead):
    signed_in(client, lead)
    client.post(UPLOAD_URL, {"file": csv_upload(WITH_BAD_ROWS)})
    job = StudentImport.objects.get()
    student_import_run_batch(job_id=job.pk)
    page = client.get(f"/admin/accounts/studentimport/{job.pk}/change/").content.decode()
    assert "Regel 3:" in page and "Regel 6:" in page and "twee keer" in page
    assert "Afgehandeld" in page
    assert "Nog bezig" not in page and "Vernieuwen" not in page
    assert User.objects.filter(student_number="0100007").exists()


BAD_FILES = {
    "encoding": ("é".encode("latin-1") * 10, "UTF-8"),
    "columns": ("student_number,email\n0100001,a@example.org\n", "student_number, email"),
    "empty": ("student_number,email,first_name,last_name,initial_password\n", None),
    "size": (WITH_BAD_ROWS, "1 MB"),
}
MESSAGES = {
    "nl": {
        "encoding": "Het bestand is geen UTF-8-tekst.",
        "columns": "Ontbrekende kolommen: first_name, last_name, initial_password.",
        "empty": "Het bestand bevat geen rijen met studenten.",
        "size": "Het bestand is groter dan 1 MB.",
    },
    "en": {
        "encoding": "The file is not UTF-8 text.",
        "columns": "Missing columns: first_name, last_name, initial_password.",
        "empty": "The file has no student rows.",
        "size": "The file is larger than 1 MB.",
    },
}


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("problem", list(BAD_FILES))
def test_a_bad_file_is_refused_in_the_users_language_and_nothing_is_queued(
    client, lead, settings, language, problem, django_capture_on_commit_callbacks
):
    if problem == "size":
        settings.ACCOUNTS_IMPORT_MAX_BYTES = 1024 * 1024
        content = WITH_BAD_ROWS.encode() * (1024 * 1024 // len(WITH_BAD_ROWS) + 1)
    else:
        content = BAD_FILES[problem][0]
    signed_in(client, lead, language)
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(UPLOAD_URL, {"file": csv_upload(content)})
    assert response.status_code == 200
    assert MESSAGES[language][problem] in response.content.decode()
    assert not StudentImport.objects.exists() and callbacks == []


def test_staff_without_the_import_right_get_403_everywhere(client, agent_first_line, lead):
    signed_in(client, lead)
    client.post(UPLOAD_URL, {"file": csv_upload(WITH_BAD_ROWS)})
    job = StudentImport.objects.get()
    client.logout()
    signed_in(client, agent_first_line)
    assert client.get(UPLOAD_URL).status_code == 403
    assert client.post(UPLOAD_URL, {"file": csv_upload(WITH_BAD_ROWS)}).status_code == 403
    assert client.get(LIST_URL).status_code == 403
    assert client.get(f"{LIST_URL}{job.pk}/change/").status_code == 403
    assert StudentImport.objects.count() == 1
    assert "studentimport" not in client.get("/admin/").content.decode()


def test_the_job_pages_are_read_only(client, lead):
    signed_in(client, lead)
    client.post(UPLOAD_URL, {"file": csv_upload(WITH_BAD_ROWS)})
    job = StudentImport.objects.get()
    assert client.get(f"{LIST_URL}add/").status_code == 403
    assert client.post(f"{LIST_URL}{job.pk}/delete/", {"post": "yes"}).status_code == 403
    page = client.get(f"{LIST_URL}{job.pk}/change/").content.decode()
    assert 'name="_save"' not in page


def seed_jobs(user, count: int) -> None:
    StudentImport.objects.bulk_create(
        StudentImport(uploaded_by=user, file=f"student-imports/{n}.csv", file_name=f"{n}.csv")
        for n in range(count)
    )


def session_queries() -> int:
    """Reading the session costs a query unless Redis caches it (cached_db)."""
    return 0 if django_settings.SESSION_ENGINE.endswith("cached_db") else 1


@pytest.mark.parametrize("count", [1, 30])
def test_the_job_list_costs_the_same_queries_for_1_and_30_jobs(
    client, lead, count, django_assert_num_queries
):
    signed_in(client, lead)
    seed_jobs(lead, count)
    client.get(LIST_URL)  # warm the process-wide content-type cache
    # user, user and group permissions, count, one page of jobs with uploaders
    # (the AUP gate asks once per session); the side bar's roles (may this
    # user open the lead dashboard?)
    with django_assert_num_queries(5 + 1 + session_queries()):
        response = client.get(LIST_URL)
    assert response.content.decode().count('class="field-file_name"') == count
