"""The background student import: batches, cursor, claim, sweeper and the summary mail.

Jobs are made inside the test's transaction, so their own on-commit enqueue
never runs (as with a broker that is down); the tests run the batches
themselves, or count what reached the real broker.
"""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone

from accounts import student_imports
from accounts.models import AccountEvent, StudentImport, User
from accounts.student_imports import (
    student_import_check_file,
    student_import_claim,
    student_import_create,
    student_import_run_batch,
    student_imports_sweep,
)
from core.testing.broker import purge_queue, queued_messages
from notifications.models import OutboxMail

pytestmark = pytest.mark.django_db

HEADER = "student_number,email,first_name,last_name,initial_password\n"
THREE = (
    HEADER
    + "0200001,r0200001@student.example.org,An,Claes,Init-Pass-0001\n"
    + "12345,short@student.example.org,Bo,Dierckx,Init-Pass-0002\n"  # line 3: refused
    + "0200003,r0200003@student.example.org,Cas,Eeckhout,Init-Pass-0003\n"
)
Status = StudentImport.Status


@pytest.fixture(autouse=True)
def private_storage(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ACCOUNTS_IMPORT_LEASE = 300
    settings.ACCOUNTS_IMPORT_BATCH_ROWS = 50
    return tmp_path


@pytest.fixture
def lead(desk_lead):
    desk_lead.preferred_language = "nl"
    desk_lead.save(update_fields=["preferred_language"])
    return desk_lead


def make_job(text: str, user) -> StudentImport:
    raw, rows = student_import_check_file(upload=ContentFile(text.encode(), name="s.csv"))
    return student_import_create(raw=raw, file_name="s.csv", rows_total=rows, acting_user=user)


def run_to_the_end(job: StudentImport, **kwargs) -> int:
    """Run batches as the chained tasks would; returns how many it took."""
    batches = 1
    while student_import_run_batch(job_id=job.pk, **kwargs):
        batches += 1
    job.refresh_from_db()
    return batches


def counts(job: StudentImport) -> tuple:
    return (job.rows_total, job.rows_done, job.created, job.updated, job.unchanged, job.refused)


def big_file(rows: int, bad: set[int]) -> str:
    lines = [HEADER]
    for n in range(rows):
        number = "123" if n in bad else f"03{n:05d}"
        lines.append(f"{number},r03{n:05d}@student.example.org,Stu,Dent{n},Init-Pass-{n:05d}\n")
    return "".join(lines)


def test_the_file_is_kept_in_private_storage_never_under_media_root(lead, private_storage):
    job = make_job(THREE, lead)
    assert (job.status, job.rows_total, job.uploaded_by) == (Status.QUEUED, 3, lead)
    stored = private_storage / "private" / job.file.name
    assert stored.read_text(encoding="utf-8") == THREE
    assert not (private_storage / "media").exists()


def test_a_three_row_file_imports_keeps_refused_lines_and_mails_the_uploader(lead):
    job = make_job(THREE, lead)
    assert run_to_the_end(job) == 1
    assert job.status == Status.DONE and job.finished_at and job.claimed_at is None
    assert counts(job) == (3, 3, 2, 0, 0, 1)
    assert [(e.line, e.message) for e in job.errors.all()] == [
        (3, "Een stamnummer bestaat uit 7 cijfers, bijvoorbeeld 0123456.")
    ]
    assert set(User.objects.filter(kind="student").values_list("student_number", flat=True)) == {
        "0200001",
        "0200003",
    }
    assert AccountEvent.objects.filter(type="imported", acting_user=lead).count() == 2
    mail = OutboxMail.objects.get(event="accounts_student_import_finished")
    assert mail.recipient_email == lead.email and mail.language == "nl"
    assert "Aangemaakt: 2." in mail.body_text and "Geweigerd: 1." in mail.body_text
    assert f"/admin/accounts/studentimport/{job.pk}/change/" in mail.body_text


def test_the_summary_mail_speaks_the_uploaders_language(lead):
    lead.preferred_language = "en"
    lead.save(update_fields=["preferred_language"])
    job = make_job(THREE, lead)
    run_to_the_end(job)
    assert job.errors.get().message == "A student number is 7 digits, for example 0123456."
    mail = OutboxMail.objects.get(event="accounts_student_import_finished")
    assert mail.subject == "Student import finished: s.csv"
    assert "Created: 2. Updated: 0. Unchanged: 0. Refused: 1." in mail.body_text


@pytest.mark.slow  # 500 rows through the batching: half a minute under load
def test_a_500_row_file_imports_in_batches_with_every_row_counted(lead, settings):
    settings.ACCOUNTS_IMPORT_BATCH_ROWS = 120
    job = make_job(big_file(500, bad={10, 499}), lead)
    assert run_to_the_end(job) == 5
    assert counts(job) == (500, 500, 498, 0, 0, 2)
    assert list(job.errors.values_list("line", flat=True)) == [12, 501]
    assert User.objects.filter(kind="student", student_number__startswith="03").count() == 498
    assert OutboxMail.objects.filter(event="accounts_student_import_finished").count() == 1


def test_importing_the_same_file_again_counts_unchanged_rows(lead):
    run_to_the_end(make_job(THREE, lead))
    again = make_job(THREE, lead)
    run_to_the_end(again)
    assert counts(again) == (3, 3, 0, 0, 2, 1)


def test_between_batches_the_job_is_released_and_the_next_batch_queued(
    lead, django_capture_on_commit_callbacks
):
    job = make_job(THREE, lead)
    with django_capture_on_commit_callbacks() as callbacks:
        assert student_import_run_batch(job_id=job.pk, batch_rows=2) is True
    assert [c.__qualname__ for c in callbacks] == ["enqueue_on_commit[accounts.run_student_import]"]
    job.refresh_from_db()
    assert (job.status, job.rows_done, job.claimed_at) == (Status.RUNNING, 2, None)


class WorkerKilled(BaseException):
    """Stands in for SIGKILL: nothing in the import may catch it."""


def test_a_killed_worker_resumes_from_the_cursor_and_nothing_counts_twice(lead, monkeypatch):
    job = make_job(big_file(6, bad=set()), lead)
    real_row = student_imports.student_import_csv_row
    calls = {"n": 0}

    def dies_on_the_fourth_row(**kwargs):
        calls["n"] += 1
        if calls["n"] == 4:
            real_row(**kwargs)  # the row is written ... and the worker dies before commit
            raise WorkerKilled
        return real_row(**kwargs)

    monkeypatch.setattr(student_imports, "student_import_csv_row", dies_on_the_fourth_row)
    with pytest.raises(WorkerKilled):
        student_import_run_batch(job_id=job.pk)
    job.refresh_from_db()
    assert (job.status, job.rows_done, job.created) == (Status.RUNNING, 3, 3)
    assert job.claimed_at is not None
    assert User.objects.filter(kind="student").count() == 3  # the fourth rolled back
    monkeypatch.setattr(student_imports, "student_import_csv_row", real_row)

    # The broker redelivers at once: the claim is still held, so nothing runs.
    assert student_import_run_batch(job_id=job.pk) is False
    # After the lease the sweeper releases it and the job goes on from row 4.
    purge_queue()
    assert student_imports_sweep(now=timezone.now() + timedelta(seconds=301)) == 1
    run_to_the_end(job)
    assert counts(job) == (6, 6, 6, 0, 0, 0)
    assert AccountEvent.objects.filter(type="imported").count() == 6
    purge_queue()


def test_a_duplicate_number_is_refused_across_batches_and_after_a_resume(lead):
    text = THREE + "0200001,other@student.example.org,An,Claes,Init-Pass-0001\n"  # line 5
    job = make_job(text, lead)
    run_to_the_end(job, batch_rows=2)
    assert counts(job) == (4, 4, 2, 0, 0, 2)
    assert list(job.errors.values_list("line", flat=True)) == [3, 5]
    assert "twee keer" in job.errors.get(line=5).message


def test_of_two_claims_only_one_wins_and_the_loser_imports_nothing(lead):
    job = make_job(THREE, lead)
    assert student_import_claim(job_id=job.pk) is not None
    assert student_import_claim(job_id=job.pk) is None
    assert student_import_run_batch(job_id=job.pk) is False
    job.refresh_from_db()
    assert (job.status, job.rows_done) == (Status.RUNNING, 0)
    assert not User.objects.filter(kind="student").exists()


def test_a_finished_job_is_never_run_again(lead):
    job = make_job(THREE, lead)
    run_to_the_end(job)
    assert student_import_claim(job_id=job.pk) is None
    assert OutboxMail.objects.filter(event="accounts_student_import_finished").count() == 1


def test_the_sweeper_enqueues_a_queued_job_past_the_lease_and_not_a_fresh_one(lead):
    purge_queue()
    job = make_job(THREE, lead)
    assert student_imports_sweep() == 0
    assert queued_messages() == 0
    assert student_imports_sweep(now=timezone.now() + timedelta(seconds=301)) == 1
    assert queued_messages() == 1
    job.refresh_from_db()
    assert job.status == Status.QUEUED
    purge_queue()


def test_the_sweeper_leaves_a_live_claim_and_finished_jobs_alone(lead):
    purge_queue()
    running = make_job(THREE, lead)
    student_import_claim(job_id=running.pk)
    done = make_job(THREE, lead)
    StudentImport.objects.filter(pk=done.pk).update(status=Status.DONE, finished_at=timezone.now())
    assert student_imports_sweep(now=timezone.now() + timedelta(seconds=200)) == 0
    assert queued_messages() == 0


def test_creating_a_job_enqueues_it_after_commit(lead, django_capture_on_commit_callbacks):
    purge_queue()
    with django_capture_on_commit_callbacks(execute=True):
        make_job(THREE, lead)
        assert queued_messages() == 0
    assert queued_messages() == 1
    purge_queue()


def test_a_job_whose_file_is_gone_fails_and_the_uploader_is_told(lead):
    job = make_job(THREE, lead)
    job.file.delete(save=False)
    assert student_import_run_batch(job_id=job.pk) is False
    job.refresh_from_db()
    # The lead reads what to do, in their language; the storage path stays in the log.
    assert job.status == Status.FAILED
    assert job.last_error == "Het geüploade bestand is niet meer leesbaar. Upload het opnieuw."
    assert str(settings.PRIVATE_MEDIA_ROOT) not in job.last_error
    mail = OutboxMail.objects.get(event="accounts_student_import_finished")
    assert mail.subject.startswith("Studentenimport mislukt")
