"""What an operator asks of the mail pipeline: resend failed mails.

Plain functions behind ``manage.py resend_failed_mails``, so the command stays
thin and the rule stays in one place (resending goes through
``outbox_mail_resend``, like the admin action).
"""

from datetime import datetime

from .models import OutboxMail
from .services import RESENDABLE, outbox_mail_resend


def failed_mails(
    *,
    statuses: list[str] | None = None,
    event: str = "",
    recipient: str = "",
    since: datetime | None = None,
    until: datetime | None = None,
    error_contains: str = "",
):
    """Mails an operator may send again, narrowed by the filters given."""
    mails = OutboxMail.objects.filter(status__in=statuses or [OutboxMail.Status.FAILED])
    if event:
        mails = mails.filter(event=event)
    if recipient:
        mails = mails.filter(recipient_email__iexact=recipient)
    if since:
        mails = mails.filter(created_at__gte=since)
    if until:
        mails = mails.filter(created_at__lt=until)
    if error_contains:
        mails = mails.filter(last_error__icontains=error_contains)
    return mails.order_by("created_at", "id")


def resend_mails(mails, *, limit: int | None = None) -> list[OutboxMail]:
    """Give each mail fresh attempts (same Message-ID); returns those resent."""
    resent = []
    for mail in mails[:limit] if limit else mails:
        if mail.status in RESENDABLE:
            resent.append(outbox_mail_resend(mail=mail, acting_user=None))
    return resent
