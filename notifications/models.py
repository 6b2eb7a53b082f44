"""The outbox: a mail is a row before it is a message.

``notify()`` writes an :class:`OutboxMail` in the caller's transaction with
the subject and bodies already rendered; a Celery task sends it after commit.
The row is the single source of truth for "was this mail sent?", so a broker
that loses or duplicates a message, or a worker that dies, never loses or
doubles a mail.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutboxMail(models.Model):
    """One mail to one recipient, with its delivery state."""

    class Status(models.TextChoices):
        READY = "ready", _("Ready to send")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")
        BOUNCED = "bounced", _("Bounced")

    event = models.CharField(
        _("event"),
        max_length=100,
        help_text=_("What caused the mail; names its templates."),
    )
    recipient_email = models.EmailField(_("recipient"), max_length=254)
    recipient_name = models.CharField(_("recipient name"), max_length=150, blank=True, default="")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="outbox_mails",
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    optional_kind = models.CharField(
        _("optional kind"),
        max_length=50,
        blank=True,
        default="",
        help_text=_("Empty for mails the recipient cannot switch off."),
    )
    subject = models.CharField(_("subject"), max_length=255)
    body_text = models.TextField(_("text body"))
    body_html = models.TextField(_("HTML body"), blank=True, default="")
    thread_key = models.CharField(
        _("thread"),
        max_length=100,
        blank=True,
        default="",
        help_text=_("Mails with the same thread (e.g. a request reference) are threaded."),
    )
    message_id = models.CharField(_("Message-ID"), max_length=255, unique=True)
    reply_to = models.EmailField(
        _("reply to"),
        blank=True,
        default="",
        help_text=_("The desk's mailbox, when the recipient may answer by replying (mail in)."),
    )
    list_unsubscribe = models.URLField(
        _("unsubscribe link"),
        max_length=500,
        blank=True,
        default="",
        db_default="",
        help_text=_(
            "The one-click unsubscribe link of a list the recipient joined (a service's "
            "status mail); optional mails to an account use the account's own."
        ),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.READY
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True, default="")
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)
    next_attempt_at = models.DateTimeField(
        _("next attempt"),
        default=timezone.now,
        help_text=_("The sweeper leaves a ready mail alone until then (retry backoff)."),
    )
    claimed_at = models.DateTimeField(_("claimed"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("outbox mail")
        verbose_name_plural = _("outbox mails")
        ordering = ["-created_at", "-id"]
        # Given to no role by default (see migration 0005): reading a login
        # code or a reset link is reading the key to someone's account.
        permissions = [
            ("view_security_mail", _("Can read security mails (codes, sign-in and reset links)"))
        ]
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="notif_outbox_created_idx"),
            models.Index(fields=["status", "-created_at"], name="notif_outbox_status_idx"),
            models.Index(fields=["event", "-created_at"], name="notif_outbox_event_idx"),
            models.Index(fields=["recipient_email"], name="notif_outbox_recipient_idx"),
            models.Index(fields=["thread_key"], name="notif_outbox_thread_idx"),
            # The sweeper's two hot filters: only a handful of rows match, so
            # partial indexes stay tiny however big the outbox grows.
            models.Index(
                fields=["next_attempt_at"],
                name="notif_outbox_ready_idx",
                condition=Q(status="ready"),
            ),
            models.Index(
                fields=["claimed_at"],
                name="notif_outbox_sending_idx",
                condition=Q(status="sending"),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    status__in=["ready", "sending", "sent", "failed", "cancelled", "bounced"]
                ),
                name="notif_outbox_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(status="sent", sent_at__isnull=False) | ~Q(status="sent"),
                name="notif_outbox_sent_has_time",
            ),
            models.CheckConstraint(
                condition=Q(status="sending", claimed_at__isnull=False) | ~Q(status="sending"),
                name="notif_outbox_sending_claimed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event} → {self.recipient_email}"


class MailPreference(models.Model):
    """The optional kinds of mail one user switched off (none by default)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="mail_preference",
    )
    disabled_kinds = models.JSONField(
        _("switched-off mail kinds"),
        default=list,
        blank=True,
        help_text=_("Optional kinds of mail this user does not want."),
    )
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        verbose_name = _("mail preference")
        verbose_name_plural = _("mail preferences")

    def __str__(self) -> str:
        return str(self.user)


class OutboxAttachment(models.Model):
    """A file sent with an outbox mail (e.g. an .ics invitation), stored as rendered."""

    mail = models.ForeignKey(
        OutboxMail,
        verbose_name=_("mail"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    filename = models.CharField(_("file name"), max_length=120)
    mimetype = models.CharField(_("content type"), max_length=120)
    content = models.BinaryField(_("content"))
    also_in_body = models.BooleanField(
        _("also in the body"),
        default=False,
        # In the database too: the previous release inserts rows without it.
        db_default=False,
        help_text=_(
            "Sent as a part of the message's alternative body too (text, HTML, this): "
            "how mail clients recognise a calendar invitation."
        ),
    )

    class Meta:
        verbose_name = _("mail attachment")
        verbose_name_plural = _("mail attachments")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.filename


class OutboxMailEvent(models.Model):
    """Audit trail of what staff did to an outbox mail (resend, cancel, read a security mail)."""

    class Type(models.TextChoices):
        RESENT = "resent", _("Resent")
        CANCELLED = "cancelled", _("Cancelled")
        READ = "read", _("Read (security mail)")

    mail = models.ForeignKey(
        OutboxMail, verbose_name=_("mail"), on_delete=models.CASCADE, related_name="events"
    )
    type = models.CharField(_("type"), max_length=16, choices=Type.choices)
    acting_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    data = models.JSONField(_("data"), default=dict, blank=True)
    created_at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("outbox mail event")
        verbose_name_plural = _("outbox mail events")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["mail", "-created_at"], name="notif_event_mail_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(type__in=["resent", "cancelled", "read"]),
                name="notif_event_type_valid",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_type_display()}: {self.mail_id}"
