"""Staff alerts as rows: an event, who gets it, and the mail that carries it.

The life of an alert::

    service (request's transaction)      worker (fan-out task)             worker / beat
    AlertEvent ──on commit──► one AlertDelivery per recipient ──► AlertBatch (at once, coalesced)
                                       │                               └► one outbox mail per window
                                       └► digest (mode "digest") ─────► AlertDigest: one mail a day

Every step is a row before it is a message, so a broker or worker outage
delays an alert but never loses or doubles it (beat's sweep picks up rows
left behind; unique constraints make each step safe to run twice).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AlertKind(models.TextChoices):
    NEW_REQUEST = "new_request", _("New request at my desk")
    ESCALATED = "escalated", _("Request escalated to my group")
    RETURNED = "returned", _("Request I escalated returned to first line")
    REQUESTER_REPLIED = "requester_replied", _("The requester replied")
    SLA_WARNING = "sla_warning", _("SLA target approaching")
    SLA_BREACHED = "sla_breached", _("SLA target breached")
    UNDELIVERABLE = "undeliverable", _("A mail to the requester could not be delivered")
    NEGATIVE_RATING = "negative_rating", _("A requester was dissatisfied (rated 1 or 2)")


class AlertMode(models.TextChoices):
    IMMEDIATE = "immediate", _("At once")
    DIGEST = "digest", _("Daily digest")
    OFF = "off", _("Off")


class SlaTargetKind(models.TextChoices):
    NONE = "", _("None")
    RESPONSE = "response", _("Response")
    RESOLUTION = "resolution", _("Resolution")


_KINDS = [kind.value for kind in AlertKind]
_MODES = [mode.value for mode in AlertMode]


class AlertPreference(models.Model):
    """How one staff member wants one kind of alert; no row means "at once"."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff member"),
        on_delete=models.CASCADE,
        related_name="alert_preferences",
    )
    kind = models.CharField(_("alert"), max_length=24, choices=AlertKind.choices)
    mode = models.CharField(
        _("how"), max_length=16, choices=AlertMode.choices, default=AlertMode.IMMEDIATE
    )
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        verbose_name = _("alert preference")
        # The admin lists this model as the staff member's own settings page.
        verbose_name_plural = _("my alerts")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="alerts_pref_one_per_kind"),
            models.CheckConstraint(condition=Q(kind__in=_KINDS), name="alerts_pref_kind_valid"),
            models.CheckConstraint(condition=Q(mode__in=_MODES), name="alerts_pref_mode_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_kind_display()} ({self.get_mode_display()})"


class AlertEvent(models.Model):
    """Something staff must hear about, written in the transaction of the change.

    Where the request sat (desk, resolver group, assignee) is copied at that
    moment, so the fan-out task mails who was responsible then.
    """

    kind = models.CharField(_("alert"), max_length=24, choices=AlertKind.choices)
    ticket = models.ForeignKey(
        "tickets.Ticket", verbose_name=_("request"), on_delete=models.CASCADE, related_name="+"
    )
    desk = models.ForeignKey(
        "tickets.Desk", verbose_name=_("desk"), on_delete=models.CASCADE, related_name="+"
    )
    resolver_group = models.ForeignKey(
        "tickets.ResolverGroup",
        verbose_name=_("resolver group"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    target_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("addressed to"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The assignee (or escalating agent) the alert is meant for, if any."),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    sla_target = models.CharField(
        _("SLA target"), max_length=16, choices=SlaTargetKind.choices, blank=True, default=""
    )
    created_at = models.DateTimeField(_("when"), default=timezone.now)
    fanned_out_at = models.DateTimeField(_("recipients found"), null=True, blank=True)

    class Meta:
        verbose_name = _("alert event")
        verbose_name_plural = _("alert events")
        indexes = [
            models.Index(
                fields=["created_at"],
                name="alerts_event_pending_idx",
                condition=Q(fanned_out_at__isnull=True),
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=_KINDS), name="alerts_event_kind_valid"),
            # Each request is warned once per SLA target, however often beat runs.
            models.UniqueConstraint(
                fields=["ticket", "sla_target"],
                condition=Q(kind="sla_warning"),
                name="alerts_event_sla_warning_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.ticket_id}"


class AlertBatch(models.Model):
    """The alerts of one kind for one recipient that leave together as one mail.

    At most one batch per recipient and kind is open; events in the window
    join it. The first alert after a quiet window is due at once, later ones
    at the end of the window, so a burst costs one mail per window.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    kind = models.CharField(_("alert"), max_length=24, choices=AlertKind.choices)
    opened_at = models.DateTimeField(_("opened"))
    due_at = models.DateTimeField(_("due"))
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    mail = models.ForeignKey(
        "notifications.OutboxMail",
        verbose_name=_("mail"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("alert batch")
        verbose_name_plural = _("alert batches")
        indexes = [
            models.Index(
                fields=["due_at"], name="alerts_batch_open_idx", condition=Q(sent_at__isnull=True)
            ),
            models.Index(fields=["recipient", "kind", "-due_at"], name="alerts_batch_last_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind"],
                condition=Q(sent_at__isnull=True),
                name="alerts_batch_one_open",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient_id} ({self.due_at:%H:%M:%S})"


class AlertDigest(models.Model):
    """One recipient's daily digest; unique per day, so it is mailed once."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    day = models.DateField(_("day"))
    created_at = models.DateTimeField(_("made"), default=timezone.now)
    mail = models.ForeignKey(
        "notifications.OutboxMail",
        verbose_name=_("mail"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("alert digest")
        verbose_name_plural = _("alert digests")
        constraints = [
            models.UniqueConstraint(fields=["recipient", "day"], name="alerts_digest_once_a_day"),
        ]

    def __str__(self) -> str:
        return f"{self.recipient_id} {self.day}"


class AlertDelivery(models.Model):
    """One event for one recipient: in a batch (at once) or waiting for the digest."""

    event = models.ForeignKey(
        AlertEvent, verbose_name=_("event"), on_delete=models.CASCADE, related_name="deliveries"
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    mode = models.CharField(_("how"), max_length=16, choices=AlertMode.choices)
    batch = models.ForeignKey(
        AlertBatch,
        verbose_name=_("batch"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="deliveries",
    )
    digest = models.ForeignKey(
        AlertDigest,
        verbose_name=_("digest"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deliveries",
    )
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("alert delivery")
        verbose_name_plural = _("alert deliveries")
        indexes = [
            models.Index(
                fields=["recipient", "created_at"],
                name="alerts_delivery_digest_idx",
                condition=Q(mode="digest", digest__isnull=True),
            ),
        ]
        constraints = [
            # Running the fan-out twice never alerts anyone twice.
            models.UniqueConstraint(fields=["event", "recipient"], name="alerts_delivery_once"),
            models.CheckConstraint(
                condition=Q(mode="immediate", batch__isnull=False)
                | Q(mode="digest", batch__isnull=True),
                name="alerts_delivery_mode_matches",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event_id} → {self.recipient_id}"
