"""Services, their incidents, who is affected, and which update reached whom.

The public status comes from the incidents that are open now (or, for
maintenance, scheduled to be under way); a service's own ``state`` is what
staff set by hand when there is no incident to speak of ("degraded" for a
slow but working service).
"""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from core.models import BilingualName
from core.translation import in_language

from .choices import IncidentKind, ServiceState


class Service(BilingualName):
    """A service the desk supports (eduroam, the learning environment, printing…)."""

    slug = models.SlugField(_("code"), max_length=50, unique=True)
    desk = models.ForeignKey(
        "tickets.Desk",
        verbose_name=_("responsible desk"),
        on_delete=models.PROTECT,
        related_name="services",
    )
    categories = models.ManyToManyField(
        "tickets.Category",
        verbose_name=_("request categories"),
        blank=True,
        related_name="services",
        help_text=_("A requester who picks one of these sees this service's disruptions."),
    )
    state = models.CharField(
        _("state set by staff"),
        max_length=16,
        choices=ServiceState.choices,
        default=ServiceState.OPERATIONAL,
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["position", "name_nl"]


class Incident(models.Model):
    """A disruption or a scheduled maintenance on one or more services."""

    reference = models.CharField(_("reference"), max_length=16, unique=True, editable=False)
    kind = models.CharField(
        _("kind"), max_length=16, choices=IncidentKind.choices, default=IncidentKind.INCIDENT
    )
    impact = models.CharField(
        _("impact"),
        max_length=16,
        choices=[c for c in ServiceState.choices if c[0] != ServiceState.OPERATIONAL],
        default=ServiceState.OUTAGE,
    )
    title_nl = models.CharField(_("public title (Dutch)"), max_length=200)
    title_en = models.CharField(_("public title (English)"), max_length=200)
    services = models.ManyToManyField(Service, verbose_name=_("services"), related_name="incidents")
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(
        _("expected end"), null=True, blank=True, help_text=_("For scheduled maintenance.")
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True, db_index=True)
    promoted_from = models.ForeignKey(
        "tickets.Ticket",
        verbose_name=_("promoted from request"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opened by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("opened at"))

    class Meta:
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        ordering = ["-starts_at"]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @property
    def title(self) -> str:
        return in_language(self, "title")

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None


class IncidentUpdate(models.Model):
    """A public update; ``sent_at`` says its fan-out to the affected finished."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="updates")
    body_nl = models.TextField(_("update (Dutch)"))
    body_en = models.TextField(_("update (English)"))
    is_closing = models.BooleanField(_("closing update"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("posted at"))
    sent_at = models.DateTimeField(_("mailed to all at"), null=True, blank=True)
    superseded = models.BooleanField(
        _("superseded by the closing update"),
        default=False,
        help_text=_("Not yet mailed when the incident was resolved, so never mailed."),
    )
    # Where the fan-out goes on (services.update_fan_out): the source it is
    # reading (0 linked requests, 1 subscribers, 2 affected people) and the
    # last primary key of that source it has served. Moved in the same
    # transaction as the batch's delivery rows, so a killed worker's
    # successor starts after the last committed batch.
    fan_out_source = models.PositiveSmallIntegerField(default=0, db_default=0, editable=False)
    fan_out_after = models.BigIntegerField(default=0, db_default=0, editable=False)

    class Meta:
        verbose_name = _("incident update")
        verbose_name_plural = _("incident updates")
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(
                fields=["created_at"],
                condition=models.Q(sent_at__isnull=True, superseded=False),
                name="servicestatus_update_unsent",
            )
        ]

    def __str__(self) -> str:
        return f"{self.incident.reference} {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def body(self) -> str:
        return in_language(self, "body")


class AffectedPerson(models.Model):
    """Someone who said "I am affected too", or the requester of a linked request."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="affected")
    email = models.EmailField(_("email address"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    created_at = models.DateTimeField(_("since"))

    class Meta:
        verbose_name = _("affected person")
        verbose_name_plural = _("affected people")
        constraints = [
            models.UniqueConstraint(
                "incident", Lower("email"), name="servicestatus_affected_once_per_address"
            )
        ]

    def __str__(self) -> str:
        return self.email


class IncidentTicket(models.Model):
    """A request linked to the incident: resolved with it."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="links")
    ticket = models.OneToOneField(
        "tickets.Ticket",
        verbose_name=_("request"),
        on_delete=models.CASCADE,
        related_name="incident_link",
    )
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    linked_at = models.DateTimeField(_("linked at"))

    class Meta:
        verbose_name = _("linked request")
        verbose_name_plural = _("linked requests")

    def __str__(self) -> str:
        return str(self.ticket_id)


class UpdateDelivery(models.Model):
    """This update was queued for this address: the row that makes the fan-out exactly-once."""

    update = models.ForeignKey(IncidentUpdate, on_delete=models.CASCADE, related_name="deliveries")
    email = models.EmailField()
    mail = models.ForeignKey(
        "notifications.OutboxMail",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                "update", Lower("email"), name="servicestatus_delivery_once_per_address"
            )
        ]

    def __str__(self) -> str:
        return f"{self.update_id} → {self.email}"


class Subscription(models.Model):
    """Someone who asked for mail about a service; mailed only once ``confirmed_at`` is set.

    Double opt-in: the row exists from the request, the confirmation link
    (signed, carrying this row's id and address) sets ``confirmed_at``.
    Unsubscribing deletes the row, so nothing of the address stays behind.
    """

    service = models.ForeignKey(
        Service, verbose_name=_("service"), on_delete=models.CASCADE, related_name="subscriptions"
    )
    email = models.EmailField(_("email address"))
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    created_at = models.DateTimeField(_("asked at"))
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("status subscription")
        verbose_name_plural = _("status subscriptions")
        constraints = [
            models.UniqueConstraint(
                "service", Lower("email"), name="servicestatus_subscription_once_per_address"
            )
        ]

    def __str__(self) -> str:
        return f"{self.service_id} → {self.email}"


class MaintenanceNotice(models.Model):
    """This maintenance announcement (or its reminder) was queued for this address: exactly once."""

    class Stage(models.TextChoices):
        ANNOUNCED = "announced", _("announced")
        REMINDED = "reminded", _("reminded")

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="notices")
    email = models.EmailField()
    stage = models.CharField(max_length=16, choices=Stage.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                "incident", "stage", Lower("email"), name="servicestatus_notice_once_per_address"
            )
        ]

    def __str__(self) -> str:
        return f"{self.incident_id} {self.stage} → {self.email}"
