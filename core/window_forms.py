"""Weekly windows in forms: two windows on one weekday may not overlap.

An overlap would count an hour twice in a business clock (``core.business_hours``
merges them anyway, as a safety net) and list slots twice. The rule spans
rows, so it sits on the form and formset, where every row being edited is
seen at once, plus the rows of the same set that are not on the page. The
desk's opening hours are one set (a whole table, edited in the changelist);
a schedule's hours are one set per parent row (edited in an inline).
"""

from collections.abc import Iterable
from datetime import time

from django import forms
from django.forms.models import BaseInlineFormSet, BaseModelFormSet
from django.utils.formats import time_format
from django.utils.translation import gettext as _

from .business_hours import first_overlap
from .models import Weekday

Window = tuple[int, time, time]


def overlap_error(windows: Iterable[Window]) -> forms.ValidationError | None:
    """A translated error naming the first two overlapping windows, or None."""
    pair = first_overlap(windows)
    if pair is None:
        return None
    (weekday, opens_a, closes_a), (_weekday, opens_b, closes_b) = pair
    return forms.ValidationError(
        _("On %(day)s, %(first)s overlaps %(second)s. Windows on one day may not overlap."),
        code="overlap",
        params={
            "day": str(Weekday(weekday).label).lower(),
            "first": f"{time_format(opens_a, 'H:i')}-{time_format(closes_a, 'H:i')}",
            "second": f"{time_format(opens_b, 'H:i')}-{time_format(closes_b, 'H:i')}",
        },
    )


class NoOverlapMixin:
    """Formset check over the edited rows and the untouched rows of the same set."""

    def untouched_rows(self, edited_pks: set[int]) -> Iterable[Window]:
        raise NotImplementedError

    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        windows, edited_pks = [], set()
        for form in self.forms:
            if form.instance.pk:
                edited_pks.add(form.instance.pk)
            if not form.has_changed() and not form.instance.pk:
                continue
            if self.can_delete and self._should_delete_form(form):
                continue
            data = form.cleaned_data
            weekday = data.get("weekday", form.instance.weekday)
            windows.append((weekday, data.get("opens"), data.get("closes")))
        windows += list(self.untouched_rows(edited_pks))
        error = overlap_error(w for w in windows if None not in w)
        if error is not None:
            raise error


class WholeTableWindowForm(forms.ModelForm):
    """Adding or changing one window of a table that is one set (every row counts)."""

    def clean(self) -> dict:
        data = super().clean()
        if None in (data.get("weekday"), data.get("opens"), data.get("closes")):
            return data
        others = type(self.instance).objects.exclude(pk=self.instance.pk)
        windows = [*others.values_list("weekday", "opens", "closes")]
        error = overlap_error([*windows, (data["weekday"], data["opens"], data["closes"])])
        if error is not None:
            raise error
        return data


class WholeTableWindowsFormSet(NoOverlapMixin, BaseModelFormSet):
    """The changelist of a table that is one set."""

    def untouched_rows(self, edited_pks: set[int]) -> Iterable[Window]:
        rows = self.model.objects.exclude(pk__in=edited_pks)
        return rows.values_list("weekday", "opens", "closes")


class InlineWindowsFormSet(NoOverlapMixin, BaseInlineFormSet):
    """The windows of one parent row (its foreign key makes the set)."""

    def untouched_rows(self, edited_pks: set[int]) -> Iterable[Window]:
        if self.instance.pk is None:
            return []
        rows = self.model.objects.filter(**{self.fk.name: self.instance})
        return rows.exclude(pk__in=edited_pks).values_list("weekday", "opens", "closes")
