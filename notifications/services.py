"""Every change to the outbox goes through a function here.

The life of a mail::

    notify() ──► ready ──claim──► sending ──► sent
                  ▲                  │
                  └── transient ─────┤ (retry with backoff, or the sweeper)
                      error          └──► failed (after N attempts, or permanent)
    ready/failed ──cancel──► cancelled;  failed/cancelled ──resend──► ready

A mail is claimed with one conditional UPDATE (``ready`` → ``sending``), so
when the broker hands the same task to two workers, or the sweeper enqueues
a row that is also still queued, only one of them sends it.
"""

import logging
import smtplib
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from core.queueing import enqueue_each, enqueue_on_commit
from core.translation import recipient_language

from .kinds import optional_kind_of
from .messages import new_message_id, send_message
from .models import OutboxAttachment, OutboxMail
from .rendering import NAME_MAX_LENGTH, render_event, single_line

logger = logging.getLogger(__name__)

Status = OutboxMail.Status
# The footer line of a mail the recipient may answer by replying (base_email.html has it too).
REPLY_BY_MAIL_NOTE = gettext_noop(
    "You can answer by simply replying to this mail: your answer is added to your request. "
    "Keep the reference in the subject."
)


class DeliveryDeferred(Exception):
    """A transient error; the row is ready again and may be tried in ``retry_in`` s."""

    def __init__(self, *, mail_id: int, attempts: int, retry_in: float, error: str) -> None:
        super().__init__(error)
        self.mail_id = mail_id
        self.attempts = attempts
        self.retry_in = retry_in


class DeliveryFailed(Exception):
    """The mail cannot be delivered (permanent refusal or attempts used up)."""


# Errors worth another try: the server or the network was away for a while.
# A 5xx answer (bad recipient, message refused) will not get better.
def _is_transient(exc: BaseException) -> bool:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return any(code < 500 for code, _msg in exc.recipients.values())
    if isinstance(exc, smtplib.SMTPResponseException):
        return exc.smtp_code < 500
    return isinstance(exc, smtplib.SMTPException | OSError)


def enqueue_delivery_on_commit(mail_id: int) -> None:
    """Send the delivery task (id only) once the current transaction commits."""
    from .tasks import deliver_outbox_mail

    enqueue_on_commit(deliver_outbox_mail, mail_id)


def notify(
    *,
    event: str,
    recipient_email: str,
    context: dict,
    user=None,
    language: str | None = None,
    thread_key: str | None = None,
    reply_by_mail: bool = False,
    list_unsubscribe: str = "",
) -> OutboxMail | None:
    """Queue the mail for ``event`` to ``recipient_email``; it leaves after commit.

    Call it inside the transaction of the change it reports: if that rolls
    back, so does the mail. Renders now, in the user's preferred language
    (else ``language``, else the site default). Returns ``None`` when the
    user switched this kind of mail off: whether ``event`` is optional, and
    of which kind, is read from ``kinds.OPTIONAL_EVENTS`` here and nowhere
    else, so every optional mail obeys the preference. ``reply_by_mail``: the
    recipient may answer by replying (a requester about their request); when
    mail in is configured the mail says so and carries ``Reply-To`` with the
    desk's address, else it keeps saying "do not reply". ``list_unsubscribe``:
    the absolute one-click link of a list the recipient joined by themselves
    (RFC 8058 headers, as the account's optional mails carry).
    """
    validate_email(recipient_email)
    optional_kind = optional_kind_of(event)
    if optional_kind and user is not None:
        from .preferences import mail_kind_enabled

        if not mail_kind_enabled(user=user, kind=optional_kind):
            logger.info("notify %s to user %s skipped: %s is off", event, user.pk, optional_kind)
            return None
    lang = recipient_language(user=user, language=language)
    reply_to = settings.INBOUND_ADDRESS if reply_by_mail else ""
    recipient_name = user.get_full_name() if user is not None else ""
    rendered = render_event(
        event=event,
        language=lang,
        context={
            **context,
            "recipient": user,
            "recipient_name": recipient_name,
            "thread_key": thread_key or "",
            "optional_kind": optional_kind or "",
            "reply_by_mail": bool(reply_to),
        },
    )
    subject = rendered.subject
    body_text = rendered.body_text
    if reply_to:
        with translation.override(lang):
            body_text += "\n-- \n" + _(REPLY_BY_MAIL_NOTE) + "\n"
    if thread_key and thread_key not in subject:
        subject = f"[{thread_key}] {subject}"
    return outbox_mail_create(
        event=event,
        recipient_email=recipient_email,
        recipient_name=recipient_name,
        user=user,
        language=lang,
        subject=subject,
        body_text=body_text,
        body_html=rendered.body_html,
        thread_key=thread_key or "",
        optional_kind=optional_kind or "",
        reply_to=reply_to,
        list_unsubscribe=list_unsubscribe,
    )


@transaction.atomic
def outbox_mail_create(
    *,
    event: str,
    recipient_email: str,
    subject: str,
    body_text: str,
    body_html: str = "",
    recipient_name: str = "",
    user=None,
    language: str,
    thread_key: str = "",
    optional_kind: str = "",
    reply_to: str = "",
    list_unsubscribe: str = "",
) -> OutboxMail:
    """Write an already rendered mail to the outbox and enqueue it after commit.

    ``notify()`` renders event templates; the account adapter passes the
    mails allauth renders. Both end here.
    """
    mail = OutboxMail(
        event=event,
        recipient_email=recipient_email,
        recipient_name=single_line(recipient_name, max_length=NAME_MAX_LENGTH),
        user=user,
        language=language,
        subject=single_line(subject, max_length=255),
        body_text=body_text,
        body_html=body_html,
        thread_key=thread_key,
        optional_kind=optional_kind,
        reply_to=reply_to,
        list_unsubscribe=list_unsubscribe,
        message_id=new_message_id(),
    )
    mail.full_clean(validate_unique=False, validate_constraints=False)
    mail.save()
    enqueue_delivery_on_commit(mail.pk)
    return mail


def outbox_mail_attach(
    *, mail: OutboxMail, filename: str, content: bytes, mimetype: str, also_in_body: bool = False
) -> OutboxAttachment:
    """Add a rendered file to a mail still in the caller's transaction.

    Delivery runs after commit, so a file attached right after ``notify()``
    in the same transaction always leaves with the mail. ``also_in_body``:
    the text file is a part of the alternative body as well (a calendar
    invitation, ``text/calendar; method=REQUEST``, as iMIP clients expect).
    """
    return OutboxAttachment.objects.create(
        mail=mail,
        filename=single_line(filename, max_length=120),
        content=content,
        mimetype=mimetype,
        also_in_body=also_in_body,
    )


def retry_delay(attempts: int) -> float:
    """Seconds before attempt ``attempts + 1``: exponential, capped."""
    base = settings.NOTIFICATIONS_RETRY_BASE_DELAY
    return min(base * 2 ** max(attempts - 1, 0), settings.NOTIFICATIONS_RETRY_MAX_DELAY)


def outbox_mail_claim(*, mail_id: int) -> bool:
    """Take ``ready`` → ``sending`` in one conditional UPDATE; True if we won."""
    now = timezone.now()
    return bool(
        OutboxMail.objects.filter(pk=mail_id, status=Status.READY).update(
            status=Status.SENDING, claimed_at=now, updated_at=now, attempts=F("attempts") + 1
        )
    )


def outbox_mail_deliver(*, mail_id: int) -> bool:
    """Send one outbox mail at most once per claim; True if this call sent it.

    Raises :class:`DeliveryDeferred` after a transient error (the row is
    ready again), :class:`DeliveryFailed` when it must be marked failed.
    """
    if not outbox_mail_claim(mail_id=mail_id):
        logger.info("outbox mail %s: not ready (already sent, sending or gone)", mail_id)
        return False
    mail = OutboxMail.objects.get(pk=mail_id)
    try:
        send_message(mail)
    except Exception as exc:
        error = f"{type(exc).__name__}: {exc}"[:2000]
        if not _is_transient(exc):
            raise DeliveryFailed(error) from exc
        if mail.attempts >= settings.NOTIFICATIONS_MAX_ATTEMPTS:
            raise DeliveryFailed(f"gave up after {mail.attempts} attempts; {error}") from exc
        retry_in = retry_delay(mail.attempts)
        now = timezone.now()
        OutboxMail.objects.filter(pk=mail_id, status=Status.SENDING).update(
            status=Status.READY,
            last_error=error,
            updated_at=now,
            next_attempt_at=now + timedelta(seconds=retry_in),
        )
        raise DeliveryDeferred(
            mail_id=mail_id, attempts=mail.attempts, retry_in=retry_in, error=error
        ) from exc
    now = timezone.now()
    OutboxMail.objects.filter(pk=mail_id, status=Status.SENDING).update(
        status=Status.SENT, sent_at=now, updated_at=now, last_error=""
    )
    logger.info("outbox mail %s sent (%s, attempt %s)", mail_id, mail.event, mail.attempts)
    return True


def outbox_mail_mark_bounced(*, message_ids: list[str], detail: str = "") -> int:
    """A delivery status notification reported these mails undeliverable; returns how many.

    Only a mail that left can bounce; the row keeps its Message-ID, so staff
    find it in the admin and can resend it after fixing the address.
    """
    if not message_ids:
        return 0
    now = timezone.now()
    with transaction.atomic():
        mails = list(
            OutboxMail.objects.select_for_update().filter(
                message_id__in=message_ids, status__in=[Status.SENT, Status.SENDING]
            )
        )
        OutboxMail.objects.filter(pk__in=[mail.pk for mail in mails]).update(
            status=Status.BOUNCED, last_error=f"bounced: {detail}"[:2000], updated_at=now
        )
        for mail in mails:
            mail.status = Status.BOUNCED
            # Whoever waits for it (the request's assignee) hears it did not arrive.
            outbox_mail_announce_undeliverable(mail=mail)
    if mails:
        logger.warning("outbox: %s mail(s) bounced (%s)", len(mails), detail)
    return len(mails)


@transaction.atomic
def outbox_mail_mark_failed(*, mail_id: int, error: str) -> bool:
    """Give up on a mail that is not sent; it shows as failed in the admin.

    Who waits for the mail is told in the same transaction (see
    ``outbox_mail_announce_undeliverable``), so the failure and its alert
    are recorded together or not at all.
    """
    now = timezone.now()
    updated = OutboxMail.objects.filter(
        pk=mail_id, status__in=[Status.READY, Status.SENDING]
    ).update(status=Status.FAILED, last_error=error[:2000], updated_at=now)
    if updated:
        logger.warning("outbox mail %s failed: %s", mail_id, error)
        outbox_mail_announce_undeliverable(mail=OutboxMail.objects.get(pk=mail_id))
    return bool(updated)


def outbox_mail_announce_undeliverable(*, mail: OutboxMail) -> None:
    """Tell the listeners (staff alerts) that ``mail`` will not reach its recipient.

    Called when delivery gives up; whatever marks a mail bounced (mail in)
    calls it too, in its own transaction.
    """
    from .signals import outbox_mail_undeliverable

    outbox_mail_undeliverable.send(sender=OutboxMail, mail=mail)


def outbox_sweep(*, now=None) -> int:
    """Re-enqueue mails that should have left by now; returns how many.

    * ``sending`` past the lease: the worker died mid-delivery; the row goes
      back to ``ready`` (it may, rarely, have been sent just before the crash:
      at-least-once is the price of never losing a mail).
    * ``ready`` and due for longer than the grace period: the broker was down
      at commit time, or lost the message.
    Bounded per run by ``NOTIFICATIONS_SWEEP_BATCH``; both filters hit the
    partial indexes, so the cost does not grow with the outbox.
    """
    now = now or timezone.now()
    batch = settings.NOTIFICATIONS_SWEEP_BATCH
    lease_cutoff = now - timedelta(seconds=settings.NOTIFICATIONS_SENDING_LEASE)
    stuck = list(
        OutboxMail.objects.filter(status=Status.SENDING, claimed_at__lt=lease_cutoff)
        .order_by("claimed_at")
        .values_list("pk", flat=True)[:batch]
    )
    if stuck:
        released = OutboxMail.objects.filter(
            pk__in=stuck, status=Status.SENDING, claimed_at__lt=lease_cutoff
        ).update(status=Status.READY, updated_at=now, next_attempt_at=now)
        logger.warning("outbox sweep: %s mails were stuck in sending", released)
    grace_cutoff = now - timedelta(seconds=settings.NOTIFICATIONS_SWEEP_GRACE)
    pending = OutboxMail.objects.filter(status=Status.READY, next_attempt_at__lte=grace_cutoff)
    due_ids = pending.order_by("next_attempt_at").values_list("pk", flat=True)[:batch]
    due = list(dict.fromkeys([*stuck, *due_ids]))
    from .tasks import deliver_outbox_mail

    return enqueue_each(deliver_outbox_mail, due, what="outbox mails")


# Which statuses staff may move a mail out of, by hand.
RESENDABLE = {Status.FAILED, Status.CANCELLED, Status.BOUNCED}
CANCELLABLE = {Status.READY, Status.FAILED}


@transaction.atomic
def outbox_mail_resend(*, mail: OutboxMail, acting_user) -> OutboxMail:
    """Give a failed or cancelled mail a fresh set of attempts (same Message-ID)."""
    from .events import outbox_mail_resent_event

    old_status = mail.status
    now = timezone.now()
    updated = OutboxMail.objects.filter(pk=mail.pk, status__in=RESENDABLE).update(
        status=Status.READY, attempts=0, last_error="", updated_at=now, next_attempt_at=now
    )
    if not updated:
        raise ValidationError(
            _("Only a failed or cancelled mail can be sent again."), code="invalid_status"
        )
    mail.refresh_from_db()
    outbox_mail_resent_event(mail=mail, acting_user=acting_user, old_status=old_status)
    enqueue_delivery_on_commit(mail.pk)
    return mail


@transaction.atomic
def outbox_mail_cancel(*, mail: OutboxMail, acting_user) -> OutboxMail:
    """Stop a mail that has not left yet; a sent or sending mail cannot be cancelled."""
    from .events import outbox_mail_cancelled_event

    old_status = mail.status
    updated = OutboxMail.objects.filter(pk=mail.pk, status__in=CANCELLABLE).update(
        status=Status.CANCELLED, updated_at=timezone.now()
    )
    if not updated:
        raise ValidationError(
            _("Only a mail that is ready or failed can be cancelled."), code="invalid_status"
        )
    mail.refresh_from_db()
    outbox_mail_cancelled_event(mail=mail, acting_user=acting_user, old_status=old_status)
    return mail


def outbox_mail_record_read(*, mail: OutboxMail, acting_user) -> None:
    """Audit that ``acting_user`` read a security mail (see ``kinds.MailClass.SECURITY``).

    Reading a login code or a reset link is reading the key to an account,
    so every read by a superuser or a holder of the permission leaves a row.
    """
    from .events import outbox_mail_read_event

    outbox_mail_read_event(mail=mail, acting_user=acting_user)
