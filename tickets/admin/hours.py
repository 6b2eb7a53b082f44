"""The desks' opening hours in the admin: one set, windows on a weekday may not overlap.

Opening hours are edited in the changelist (``list_editable``) and on the
change form; the rule and its error are ``core.window_forms``'.
"""

from core.window_forms import WholeTableWindowForm, WholeTableWindowsFormSet


class OpeningHoursForm(WholeTableWindowForm):
    """Adding or changing one window: it may not overlap the others of its day."""


class OpeningHoursFormSet(WholeTableWindowsFormSet):
    """The changelist's rows, checked together with the rows not on the page."""
