"""A real Celery worker takes an uploaded import through chained batches to the end."""

import time

import pytest
from django.core.files.base import ContentFile
from django.db import transaction

from accounts.models import StudentImport, User
from accounts.student_imports import student_import_check_file, student_import_create
from core.testing.broker import purge_queue
from core.testing.processes import celery_worker
from notifications.models import OutboxMail

from .test_student_import_jobs import THREE

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_a_worker_imports_the_job_in_batches_and_mails_the_summary(desk_lead, tmp_path, settings):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    purge_queue()
    env = {"PRIVATE_MEDIA_ROOT": str(tmp_path / "private"), "ACCOUNTS_IMPORT_BATCH_ROWS": "1"}
    with celery_worker(extra_env=env):
        raw, rows = student_import_check_file(upload=ContentFile(THREE.encode(), name="s.csv"))
        with transaction.atomic():
            job = student_import_create(
                raw=raw, file_name="s.csv", rows_total=rows, acting_user=desk_lead
            )
        deadline = time.monotonic() + 60
        while job.status != StudentImport.Status.DONE and time.monotonic() < deadline:
            time.sleep(0.2)
            job.refresh_from_db()
    assert (job.status, job.rows_done, job.created, job.refused) == ("done", 3, 2, 1)
    assert User.objects.filter(student_number__in=["0200001", "0200003"]).count() == 2
    assert OutboxMail.objects.filter(event="accounts_student_import_finished").count() == 1
