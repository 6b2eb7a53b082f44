"""The dashboard's period picker and desk filter; bad input becomes a translated message."""

from dataclasses import dataclass
from datetime import date, timedelta

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The longest custom range: two semesters and some. Longer ranges are refused
# rather than drawn, so a typo in a year cannot ask for decades of rows.
MAX_RANGE_DAYS = 400


@dataclass(frozen=True)
class Period:
    first: date
    last: date

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1


def semester_start(today: date) -> date:
    """Semester 1 runs from 1 September to 31 January, semester 2 from 1 February."""
    if today.month >= 9:
        return date(today.year, 9, 1)
    if today.month == 1:
        return date(today.year - 1, 9, 1)
    return date(today.year, 2, 1)


class DashboardFilterForm(forms.Form):
    PERIODS = (
        ("week", _("This week")),
        ("4weeks", _("Last 4 weeks")),
        ("semester", _("This semester")),
        ("custom", _("Custom range")),
    )

    period = forms.ChoiceField(label=_("Period"), choices=PERIODS, required=False, initial="4weeks")
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    desk = forms.ModelChoiceField(
        label=_("Desk"), queryset=None, required=False, empty_label=_("All my desks")
    )

    def __init__(self, *args, desks: QuerySet, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["desk"].queryset = desks
        self.fields["desk"].error_messages["invalid_choice"] = _(
            "That desk does not exist or is not one of yours."
        )

    def clean(self) -> dict:
        data = super().clean()
        today = timezone.localdate()
        period = data.get("period") or "4weeks"
        data["period"] = period
        if period == "week":
            data["range"] = Period(today - timedelta(days=today.weekday()), today)
        elif period == "4weeks":
            data["range"] = Period(today - timedelta(days=27), today)
        elif period == "semester":
            data["range"] = Period(semester_start(today), today)
        else:
            start, end = data.get("start"), data.get("end")
            if "start" in self.errors or "end" in self.errors:
                return data
            if start is None or end is None:
                raise forms.ValidationError(
                    _("A custom range needs a start and an end date."), code="incomplete"
                )
            if start > end:
                raise forms.ValidationError(
                    _("The start date lies after the end date."), code="reversed"
                )
            if end > today:
                raise forms.ValidationError(_("The end date lies in the future."), code="future")
            if (end - start).days + 1 > MAX_RANGE_DAYS:
                raise forms.ValidationError(
                    _("Pick a range of at most %(days)d days.") % {"days": MAX_RANGE_DAYS},
                    code="too_long",
                )
            data["range"] = Period(start, end)
        return data
