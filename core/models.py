"""Shared building blocks of models: the rate-limit counters without Redis, the bilingual name."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.translation import in_language


class BilingualName(models.Model):
    """A name staff write in Dutch and in English, shown in the reader's language.

    ``name`` is the reader's language with the other as fallback
    (``core.translation.in_language``), and so is ``str()``. A model whose
    names need another length declares the two fields again with it.
    """

    name_nl = models.CharField(_("name (Dutch)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return in_language(self, "name")


class RateCounter(models.Model):
    """One fixed-window counter of ``core.ratelimit`` when no Redis counts.

    Rows are written only by one atomic upsert (``ratelimit._database_take``)
    so that parallel processes never lose a count; expired rows are reset by
    the next try and swept by the ``servicedesk.sweep_rate_counters`` task.
    """

    name = models.CharField(_("name"), max_length=64, primary_key=True)
    count = models.PositiveIntegerField(_("count"), default=0)
    # Seconds since the epoch: compared inside the upsert on PostgreSQL and
    # SQLite alike, with no time zone conversion in raw SQL.
    expires_at = models.FloatField(_("expires at"), db_index=True)

    class Meta:
        # The table predates the core package (it was the project's own).
        db_table = "servicedesk_ratecounter"
        verbose_name = _("rate counter")
        verbose_name_plural = _("rate counters")

    def __str__(self) -> str:
        return f"{self.name}: {self.count}"


class Weekday(models.IntegerChoices):
    """Monday is 0, as ``date.weekday()`` counts (the business clock relies on it)."""

    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


def weekly_window_constraints(prefix: str) -> list[models.BaseConstraint]:
    """The database rules of a weekly window: it closes after it opens, on a real weekday.

    A function, not ``Meta.constraints`` of ``WeeklyWindow``: each table keeps
    the constraint names it was created with (``prefix``), so sharing the
    rule renames nothing in the database.
    """
    return [
        models.CheckConstraint(
            condition=models.Q(closes__gt=models.F("opens")),
            name=f"{prefix}_closes_after_opening",
            violation_error_message=_("Closing time must be after opening time."),
        ),
        models.CheckConstraint(
            condition=models.Q(weekday__gte=0, weekday__lte=6), name=f"{prefix}_weekday"
        ),
    ]


class WeeklyWindow(models.Model):
    """One window on a weekday, in the desk's local time (Europe/Brussels).

    The shape of the desk's opening hours (the SLA clock) and of a desk's
    appointment hours (the slot grid); both feed ``core.business_hours``.
    Windows on one day may not overlap: the admin forms check that
    (``core.window_forms``), because it is a rule over several rows.
    A concrete model sets ``Meta.constraints = weekly_window_constraints(...)``.
    """

    Weekday = Weekday

    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))

    class Meta:
        abstract = True
        ordering = ["weekday", "opens"]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}-{self.closes:%H:%M}"
