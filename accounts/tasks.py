"""Celery tasks for the background student import: thin, take ids, call services."""

from core.queueing import shared_task

from . import student_imports


@shared_task(
    name="accounts.run_student_import",
    acks_late=True,
    reject_on_worker_lost=True,
    ignore_result=True,
)
def run_student_import(job_id: int) -> bool:
    """Import the next batch of job ``job_id``; safe to run twice (the claim decides).

    When rows are left the service queues the next batch itself, after commit.
    """
    return student_imports.student_import_run_batch(job_id=job_id)


@shared_task(name="accounts.sweep_student_imports", ignore_result=True)
def sweep_student_imports() -> int:
    """Beat job: enqueue imports that are queued or stuck past the lease."""
    return student_imports.student_imports_sweep()
