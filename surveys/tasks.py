"""The survey's beat job: thin, safe to run twice (see services)."""

from core.queueing import shared_task

from . import services


@shared_task(name="surveys.send_due", ignore_result=True)
def send_due_surveys() -> int:
    """Mail the surveys that are due (every few minutes)."""
    return services.surveys_send_due()
