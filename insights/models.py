"""Daily rollup rows: what the dashboard reads instead of the requests table."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tickets.choices import Channel
from tickets.models import Category, Desk

# Upper bounds, in business minutes, of the duration buckets the response and
# resolution times are counted in (the last bucket is open). A median or 90th
# percentile is read as the bucket it falls in: exact enough for a weekly
# look, and SUM-able in SQL, which a list of durations is not.
DURATION_BUCKETS: tuple[int, ...] = (30, 60, 120, 240, 480, 960, 1440, 2400, 4800)
BUCKET_COUNT = len(DURATION_BUCKETS) + 1

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
    *(f"frt_{i}" for i in range(BUCKET_COUNT)),
    *(f"res_{i}" for i in range(BUCKET_COUNT)),
)


class DailyRollup(models.Model):
    """What happened on one day to the requests of one desk, category, channel and priority.

    Each service that changes a request bumps its row (``insights.receivers``);
    a beat job re-derives the recent days from the audit trail and
    ``rebuild_rollups`` re-derives all of them. ``open_delta`` is how much the
    backlog grew that day (filed and reopened minus resolved and closed), so
    the backlog on a day is the sum of the deltas up to it.
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
    # Duration histograms (see DURATION_BUCKETS): frt_* first response, res_* resolution.
    frt_0 = models.PositiveIntegerField(default=0, editable=False)
    frt_1 = models.PositiveIntegerField(default=0, editable=False)
    frt_2 = models.PositiveIntegerField(default=0, editable=False)
    frt_3 = models.PositiveIntegerField(default=0, editable=False)
    frt_4 = models.PositiveIntegerField(default=0, editable=False)
    frt_5 = models.PositiveIntegerField(default=0, editable=False)
    frt_6 = models.PositiveIntegerField(default=0, editable=False)
    frt_7 = models.PositiveIntegerField(default=0, editable=False)
    frt_8 = models.PositiveIntegerField(default=0, editable=False)
    frt_9 = models.PositiveIntegerField(default=0, editable=False)
    res_0 = models.PositiveIntegerField(default=0, editable=False)
    res_1 = models.PositiveIntegerField(default=0, editable=False)
    res_2 = models.PositiveIntegerField(default=0, editable=False)
    res_3 = models.PositiveIntegerField(default=0, editable=False)
    res_4 = models.PositiveIntegerField(default=0, editable=False)
    res_5 = models.PositiveIntegerField(default=0, editable=False)
    res_6 = models.PositiveIntegerField(default=0, editable=False)
    res_7 = models.PositiveIntegerField(default=0, editable=False)
    res_8 = models.PositiveIntegerField(default=0, editable=False)
    res_9 = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("daily rollup")
        verbose_name_plural = _("daily rollups")
        permissions = [("view_dashboard", _("Can view the dashboard of their desks"))]
        constraints = [
            models.UniqueConstraint(
                fields=["day", "desk", "category", "channel", "priority"],
                name="insights_rollup_one_row_per_key",
            ),
            models.CheckConstraint(
                condition=Q(priority__in=[1, 2, 3, 4]), name="insights_rollup_priority_valid"
            ),
        ]
        indexes = [models.Index(fields=["day", "desk"], name="insights_rollup_day_desk")]

    def __str__(self) -> str:
        return f"{self.day} {self.desk_id}/{self.category_id}/{self.channel}/P{self.priority}"


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
