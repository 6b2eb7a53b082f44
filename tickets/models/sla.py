"""Service-level targets and the business calendar they are counted in."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.models import WeeklyWindow, weekly_window_constraints
from tickets.choices import Priority


class SlaTarget(models.Model):
    """Response and resolution targets for one priority, in business minutes."""

    priority = models.PositiveSmallIntegerField(
        _("priority"), choices=Priority.choices, unique=True
    )
    response_minutes = models.PositiveIntegerField(_("first response within (business minutes)"))
    resolution_minutes = models.PositiveIntegerField(_("resolution within (business minutes)"))

    class Meta:
        verbose_name = _("SLA target")
        verbose_name_plural = _("SLA targets")
        ordering = ["priority"]
        constraints = [
            models.CheckConstraint(
                condition=Q(resolution_minutes__gte=F("response_minutes")),
                name="tickets_slatarget_resolution_after_response",
                violation_error_message=_("Resolution cannot be due before the first response."),
            ),
        ]

    def __str__(self) -> str:
        return self.get_priority_display()


class OpeningHours(WeeklyWindow):
    """One opening window of the desks on a weekday; the SLA clock runs inside them."""

    class Meta(WeeklyWindow.Meta):
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        constraints = weekly_window_constraints("tickets_openinghours")


class Holiday(models.Model):
    """A day the desk is closed; SLA clocks do not run on it."""

    date = models.DateField(_("date"), unique=True)
    name = models.CharField(_("name"), max_length=120)

    class Meta:
        verbose_name = _("holiday")
        verbose_name_plural = _("holidays")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.name}"
