"""One row per message fetched from the desk's mailbox, whatever became of it.

The row is the idempotency key (``message_id`` is unique) and the record
staff look at: what the mail did (a reply on a request, a new request), or
why it was ignored (auto-reply, bounce) or held for first line (failed
authentication, too big, unparseable, rate limit). The original message is
kept in private storage, so staff can read it whatever the parser made of it.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.storage import PrivateFileStorage


def raw_message_path(instance: "InboundMessage", filename: str) -> str:
    now = timezone.now()
    return f"mailin/{now:%Y/%m}/{filename}"


class InboundMessage(models.Model):
    """A mail the desk received, and what the portal did with it."""

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        PROCESSED = "processed", _("Processed")
        HELD = "held", _("Held for first line")
        DISCARDED = "discarded", _("Discarded")
        IGNORED = "ignored", _("Ignored (automatic mail)")

    class Reason(models.TextChoices):
        REPLY = "reply", _("Added to the request")
        NEW_REQUEST = "new_request", _("Filed as a new request")
        NOT_REQUESTER = "not_requester", _("Not from the requester: filed as a new request")
        TOO_LATE = "too_late", _("Request finished: filed as a new request")
        FILED_BY_STAFF = "filed_by_staff", _("Filed as a new request by first line")
        DISCARDED_BY_STAFF = "discarded_by_staff", _("Discarded by first line")
        AUTO_REPLY = "auto_reply", _("Automatic reply or out-of-office")
        BOUNCE = "bounce", _("Delivery status notification (bounce)")
        AUTH_FAILED = "auth_failed", _("Sender authentication failed (DMARC/DKIM/SPF)")
        TOO_BIG = "too_big", _("Too big")
        UNPARSEABLE = "unparseable", _("Could not be read")
        UNKNOWN_CHARSET = "unknown_charset", _("Unknown character set")
        RATE_LIMITED = "rate_limited", _("Too many mails from this sender")
        NO_SENDER = "no_sender", _("No usable sender address")
        NO_CATEGORY = "no_category", _("No category to file requests in")

    message_id = models.CharField(
        _("Message-ID"),
        max_length=255,
        unique=True,
        help_text=_("Processing is idempotent by this id: a mail fetched twice is handled once."),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.RECEIVED
    )
    reason = models.CharField(_("reason"), max_length=24, choices=Reason.choices, blank=True)
    detail = models.TextField(_("detail"), blank=True, default="")
    sender_email = models.CharField(_("sender"), max_length=254, blank=True, default="")
    sender_name = models.CharField(_("sender's name"), max_length=150, blank=True, default="")
    subject = models.CharField(_("subject"), max_length=255, blank=True, default="")
    size = models.PositiveIntegerField(_("size in bytes"), default=0)
    raw = models.FileField(
        _("original message"),
        upload_to=raw_message_path,
        storage=PrivateFileStorage(),
        max_length=255,
    )
    received_at = models.DateTimeField(_("received"), default=timezone.now)
    processed_at = models.DateTimeField(_("processed"), null=True, blank=True)
    ticket = models.ForeignKey(
        "tickets.Ticket",
        verbose_name=_("request"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="inbound_messages",
    )
    ticket_message = models.ForeignKey(
        "tickets.TicketMessage",
        verbose_name=_("message on the request"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    acting_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("inbound mail")
        verbose_name_plural = _("inbound mails")
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["-received_at", "-id"], name="mailin_received_idx"),
            models.Index(fields=["status", "-received_at"], name="mailin_status_idx"),
            # First line's hot filter: the held list stays tiny.
            models.Index(
                fields=["-received_at"], name="mailin_held_idx", condition=Q(status="held")
            ),
            models.Index(fields=["sender_email"], name="mailin_sender_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["received", "processed", "held", "discarded", "ignored"]),
                name="mailin_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sender_email or '?'}: {self.subject}"
