"""The registrar's import as a background job: every change to a StudentImport.

The life of a job::

    upload ──► queued ──claim──► running ──(batch done, rows left: release, enqueue)──┐
                 ▲                  │  ▲                                              │
                 │                  │  └──────────────────── claim ◄─────────────────┘
                 │                  ├──► done   (last row: mail the uploader)
                 │                  └──► failed (file gone, a bug: mail the uploader)
                 └── the sweeper enqueues a job nobody holds for longer than the lease,
                     and releases a claim older than the lease (its worker died).

A job is claimed with one conditional UPDATE (``claimed_at`` empty → now), so
when the broker hands the same task to two workers, or the sweeper enqueues
a job whose task is also still queued, only one of them imports. Every row
is imported in one transaction together with the cursor and the counts
moving past it, so a killed worker loses nothing and counts nothing twice;
the rows themselves go through ``services.student_import_csv_row``, the same
road as ``manage.py import_students``.
"""

import logging
import time
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.db import models, transaction
from django.db.models import F, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.queueing import enqueue_each, enqueue_on_commit
from core.translation import recipient_language
from notifications.services import notify

from .models import StudentImport, StudentImportError, User
from .services import student_import_csv_row, student_import_csv_rows

logger = logging.getLogger(__name__)

Status = StudentImport.Status
OPEN = [Status.QUEUED, Status.RUNNING]


class LostClaim(Exception):
    """The sweeper released this worker's claim (it took too long); another one goes on."""


def student_import_check_file(*, upload: File) -> tuple[bytes, int]:
    """The file's bytes and its number of rows, or a ``ValidationError`` to show at once.

    Checked up front so a lead learns about a wrong file while still at the
    upload form, not from a failed job later. The size is checked before
    anything is read into memory.
    """
    if upload.size > settings.ACCOUNTS_IMPORT_MAX_BYTES:
        raise ValidationError(
            _("The file is larger than %(max)d MB.")
            % {"max": settings.ACCOUNTS_IMPORT_MAX_BYTES // (1024 * 1024)},
            code="too_big",
        )
    raw = upload.read()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ValidationError(_("The file is not UTF-8 text."), code="encoding") from error
    rows = sum(1 for _row in student_import_csv_rows(text))
    if not rows:
        raise ValidationError(_("The file has no student rows."), code="empty")
    return raw, rows


def enqueue_student_import_on_commit(job_id: int) -> None:
    """Send the import task (id only) once the current transaction commits."""
    from .tasks import run_student_import

    enqueue_on_commit(run_student_import, job_id)


@transaction.atomic
def student_import_create(
    *, raw: bytes, file_name: str, rows_total: int, acting_user: User
) -> StudentImport:
    """Keep the checked file in private storage and queue its import."""
    job = StudentImport(uploaded_by=acting_user, file_name=file_name[:255], rows_total=rows_total)
    job.file.save("upload.csv", ContentFile(raw), save=False)
    job.save()
    enqueue_student_import_on_commit(job.pk)
    logger.info("student import %s queued by user %s: %s rows", job.pk, acting_user.pk, rows_total)
    return job


def student_import_claim(*, job_id: int) -> datetime | None:
    """Take a job nobody holds in one conditional UPDATE; the claim time if we won."""
    now = timezone.now()
    won = StudentImport.objects.filter(pk=job_id, status__in=OPEN, claimed_at__isnull=True).update(
        status=Status.RUNNING,
        claimed_at=now,
        updated_at=now,
        started_at=Coalesce(F("started_at"), Value(now, output_field=models.DateTimeField())),
    )
    return now if won else None


def _held(job_id: int, claim: datetime):
    """The job, only while this worker's claim is still the one on the row."""
    return StudentImport.objects.filter(pk=job_id, claimed_at=claim, status=Status.RUNNING)


def _advance(*, job_id: int, claim: datetime, outcome: str) -> None:
    counter = {"created": "created", "updated": "updated", "unchanged": "unchanged"}.get(
        outcome, "refused"
    )
    moved = _held(job_id, claim).update(
        rows_done=F("rows_done") + 1, updated_at=timezone.now(), **{counter: F(counter) + 1}
    )
    if not moved:
        raise LostClaim(job_id)


def _seen_before_cursor(job: StudentImport, rows) -> set[str]:
    """The numbers rows before the cursor imported: for the duplicate-in-file rule.

    A row before the cursor imported unless it has an error line.
    """
    refused = set(job.errors.values_list("line", flat=True))
    seen = set()
    for _index in range(job.rows_done):
        line, values = next(rows)
        if line not in refused:
            seen.add(values["student_number"])
    return seen


def student_import_run_batch(*, job_id: int, batch_rows: int | None = None) -> bool:
    """Import the next rows of a job; True when rows are left (the next task is queued).

    A batch ends after ``ACCOUNTS_IMPORT_BATCH_ROWS`` rows or half the task's
    soft time limit, whichever comes first (hashing speed varies), so no task
    comes near Celery's limits; the job is then released and enqueued again.
    """
    claim = student_import_claim(job_id=job_id)
    if claim is None:
        logger.info("student import %s: not free (done, failed or held by a worker)", job_id)
        return False
    job = StudentImport.objects.select_related("uploaded_by").get(pk=job_id)
    batch_rows = batch_rows or settings.ACCOUNTS_IMPORT_BATCH_ROWS
    deadline = time.monotonic() + settings.CELERY_TASK_SOFT_TIME_LIMIT / 2
    try:
        with job.file.open("rb") as handle:
            text = handle.read().decode("utf-8")
        rows = student_import_csv_rows(text)
        seen = _seen_before_cursor(job, rows)
        done = job.rows_done
        with translation.override(_language_of(job.uploaded_by)):
            for line, values in rows:
                if done - job.rows_done >= batch_rows or time.monotonic() > deadline:
                    break
                _import_one(job=job, claim=claim, line=line, values=values, seen=seen)
                done += 1
        return _end_batch(job=job, claim=claim, more=done < job.rows_total)
    except LostClaim:
        logger.warning("student import %s: claim lost to the sweeper; stopping here", job_id)
        return False
    except FileNotFoundError:
        # The detail (a path in private storage) is for the log, not the page.
        logger.exception("student import %s: its file is gone", job_id)
        with translation.override(_language_of(job.uploaded_by)):
            reason = _("The uploaded file can no longer be read. Upload it again.")
        student_import_fail(job_id=job_id, claim=claim, error=reason)
        return False
    except Exception:
        logger.exception("student import %s stopped on an unexpected error", job_id)
        with translation.override(_language_of(job.uploaded_by)):
            reason = _(
                "The import stopped on an unexpected error; the technical staff find the "
                "details in the worker log. Upload the file again: rows already imported "
                "are not imported twice."
            )
        student_import_fail(job_id=job_id, claim=claim, error=reason)
        raise


def _import_one(
    *, job: StudentImport, claim: datetime, line: int, values: dict[str, str], seen: set[str]
) -> None:
    """One row and the cursor past it, in one transaction: nothing lost, nothing twice."""
    with transaction.atomic():
        try:
            outcome = student_import_csv_row(values=values, seen=seen, acting_user=job.uploaded_by)
        except ValidationError as error:
            outcome = "refused"
            StudentImportError.objects.create(job=job, line=line, message=" ".join(error.messages))
        _advance(job_id=job.pk, claim=claim, outcome=outcome)


@transaction.atomic
def _end_batch(*, job: StudentImport, claim: datetime, more: bool) -> bool:
    now = timezone.now()
    if more:
        if not _held(job.pk, claim).update(claimed_at=None, updated_at=now):
            raise LostClaim(job.pk)
        enqueue_student_import_on_commit(job.pk)
        return True
    if not _held(job.pk, claim).update(
        status=Status.DONE, claimed_at=None, updated_at=now, finished_at=now
    ):
        raise LostClaim(job.pk)
    job.refresh_from_db()
    logger.info(
        "student import %s done: %s created, %s updated, %s unchanged, %s refused",
        job.pk,
        job.created,
        job.updated,
        job.unchanged,
        job.refused,
    )
    _mail_summary(job)
    return False


@transaction.atomic
def student_import_fail(*, job_id: int, error: str, claim: datetime | None = None) -> bool:
    """Give up on a job (its file is gone, or a bug); the uploader is told by mail."""
    now = timezone.now()
    jobs = StudentImport.objects.filter(pk=job_id, status__in=OPEN)
    if claim is not None:
        jobs = jobs.filter(claimed_at=claim)
    if not jobs.update(
        status=Status.FAILED, claimed_at=None, updated_at=now, finished_at=now, last_error=error
    ):
        return False
    logger.error("student import %s failed: %s", job_id, error)
    _mail_summary(StudentImport.objects.select_related("uploaded_by").get(pk=job_id))
    return True


def _language_of(user: User | None) -> str:
    """The uploader's language for the summary and its rows: the one recipient rule."""
    return recipient_language(user=user)


def _mail_summary(job: StudentImport) -> None:
    """Tell the uploader how the import ended, with a link to the rows it refused."""
    user = job.uploaded_by
    if user is None or not user.email:
        return
    notify(
        event="accounts_student_import_finished",
        recipient_email=user.email,
        user=user,
        context={
            "job": job,
            "job_url": settings.SITE_URL
            + reverse("admin:accounts_studentimport_change", args=[job.pk]),
        },
    )


def student_imports_sweep(*, now: datetime | None = None) -> int:
    """Beat job: enqueue open jobs nobody is working on; returns how many.

    * claimed longer than ``ACCOUNTS_IMPORT_LEASE`` ago: the worker died
      mid-batch (a batch takes well under the lease); the claim is released
      and the job continues from its cursor.
    * unclaimed and without progress for longer than the lease: the broker
      was down when the job was queued, or lost the message.
    """
    now = now or timezone.now()
    cutoff = now - timedelta(seconds=settings.ACCOUNTS_IMPORT_LEASE)
    open_jobs = StudentImport.objects.filter(status__in=OPEN)
    stuck = list(open_jobs.filter(claimed_at__lt=cutoff).values_list("pk", flat=True))
    if stuck:
        released = open_jobs.filter(pk__in=stuck, claimed_at__lt=cutoff).update(
            claimed_at=None, updated_at=now
        )
        logger.warning("student import sweep: released %s stuck jobs", released)
    waiting = open_jobs.filter(claimed_at__isnull=True, updated_at__lt=cutoff)
    due = list(dict.fromkeys([*stuck, *waiting.values_list("pk", flat=True)]))
    from .tasks import run_student_import

    return enqueue_each(run_student_import, due, what="student import jobs")
