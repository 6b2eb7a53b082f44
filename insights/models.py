"""Daily rollup rows: what the dashboard reads instead of the requests table."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tickets.choices import Channel, Line
from tickets.models import Category, Desk, Office

# The counters of one row, in the order the rebuild and the receivers name them.
COUNTERS: tuple[str, ...] = (
    "filed",
    "open_delta",
    "first_responses",
    "resolved",
    "resolved_in_sla",
    "reopened",
    "escalated",
    "forwarded",
    "breached",
    "rated",
    "rated_good",
)


class DailyRollup(models.Model):
    """What happened on one day to the requests of one desk, category, channel, priority, line.

    A request's whole history counts under where it is NOW (desk, category,
    channel, priority, line): moving it moves its counts (``rollups_move``),
    as the rebuild from the audit trail files them. Each service that changes
    a request bumps its row (``insights.receivers``); a beat job re-derives
    the recent days from the audit trail and ``rebuild_rollups`` all of them.
    ``open_delta`` is how much the backlog grew that day (filed and reopened
    minus resolved and closed), so the backlog on a day is the sum of the
    deltas up to it.
    """

    day = models.DateField(_("day"))
    desk = models.ForeignKey(
        Desk, verbose_name=_("desk"), on_delete=models.CASCADE, related_name="+"
    )
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.CASCADE, related_name="+"
    )
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    priority = models.PositiveSmallIntegerField(_("priority"))
    line = models.CharField(_("line"), max_length=8, choices=Line.choices, default=Line.FIRST)
    filed = models.PositiveIntegerField(_("filed"), default=0)
    open_delta = models.IntegerField(_("backlog change"), default=0)
    first_responses = models.PositiveIntegerField(_("first responses"), default=0)
    resolved = models.PositiveIntegerField(_("resolved"), default=0)
    resolved_in_sla = models.PositiveIntegerField(_("resolved within SLA"), default=0)
    reopened = models.PositiveIntegerField(_("reopened"), default=0)
    escalated = models.PositiveIntegerField(_("escalated"), default=0)
    forwarded = models.PositiveIntegerField(_("forwarded to another office"), default=0)
    breached = models.PositiveIntegerField(_("SLA breaches"), default=0)
    rated = models.PositiveIntegerField(_("ratings"), default=0)
    # Signed: a changed answer (4 → 2) is counted on the day it changed, so
    # one day may go below zero while every period's total stays right.
    rated_good = models.IntegerField(_("ratings of 4 or 5"), default=0)

    class Meta:
        verbose_name = _("daily rollup")
        verbose_name_plural = _("daily rollups")
        permissions = [("view_dashboard", _("Can view the dashboard of their desks"))]
        constraints = [
            models.UniqueConstraint(
                fields=["day", "desk", "category", "channel", "priority", "line"],
                name="insights_rollup_one_row_per_place",
            ),
            models.CheckConstraint(
                condition=Q(priority__in=[1, 2, 3, 4]), name="insights_rollup_priority_valid"
            ),
        ]
        indexes = [models.Index(fields=["day", "desk"], name="insights_rollup_day_desk")]

    def __str__(self) -> str:
        place = f"{self.desk_id}/{self.category_id}/{self.channel}/P{self.priority}/{self.line}"
        return f"{self.day} {place}"


class AppointmentDay(models.Model):
    """Appointments booked and cancelled per day, desk (the request's) and appointment channel."""

    day = models.DateField(_("day"))
    desk = models.ForeignKey(
        Desk, verbose_name=_("desk"), on_delete=models.CASCADE, related_name="+"
    )
    channel = models.CharField(_("appointment channel"), max_length=16)
    booked = models.PositiveIntegerField(_("booked"), default=0)
    cancelled = models.PositiveIntegerField(_("cancelled"), default=0)

    class Meta:
        verbose_name = _("appointment day")
        verbose_name_plural = _("appointment days")
        constraints = [
            models.UniqueConstraint(
                fields=["day", "desk", "channel"], name="insights_appointment_day_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.desk_id} {self.channel}"


class DurationDay(models.Model):
    """How many first responses (``frt``) or resolutions (``res``) took ``minutes`` that day.

    Minutes are business minutes rounded up, so the median and 90th
    percentile of a period are exact to the business minute: the nearest-rank
    percentile of the rounded durations is the rounded percentile. One row
    per distinct duration per day and desk keeps the period's rows few (a
    window query over them, never over the requests).
    """

    class Kind(models.TextChoices):
        FIRST_RESPONSE = "frt", _("first response")
        RESOLUTION = "res", _("resolution")

    day = models.DateField(_("day"))
    desk = models.ForeignKey(
        Desk, verbose_name=_("desk"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=3, choices=Kind.choices)
    minutes = models.PositiveIntegerField(_("business minutes"))
    count = models.PositiveIntegerField(_("number"), default=0)

    class Meta:
        verbose_name = _("duration day")
        verbose_name_plural = _("duration days")
        constraints = [
            models.UniqueConstraint(
                fields=["day", "desk", "kind", "minutes"], name="insights_duration_day_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.desk_id} {self.kind} {self.minutes}"


class ForwardDay(models.Model):
    """Requests a desk forwarded (wrong desk) to another office, per day."""

    day = models.DateField(_("day"))
    desk = models.ForeignKey(
        Desk, verbose_name=_("desk"), on_delete=models.CASCADE, related_name="+"
    )
    office = models.ForeignKey(
        Office, verbose_name=_("office"), on_delete=models.CASCADE, related_name="+"
    )
    forwarded = models.PositiveIntegerField(_("forwarded"), default=0)

    class Meta:
        verbose_name = _("forward day")
        verbose_name_plural = _("forward days")
        constraints = [
            models.UniqueConstraint(
                fields=["day", "desk", "office"], name="insights_forward_day_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.desk_id} {self.office_id}"
