"""The "My alerts" form: one choice per kind of alert."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User

from .models import AlertKind, AlertMode
from .selectors import alert_modes_for, breach_alert_is_mandatory

HELP = {
    AlertKind.NEW_REQUEST: _("A request filed at a desk where you work first line."),
    AlertKind.ESCALATED: _("A request escalated to a resolver group you belong to."),
    AlertKind.RETURNED: _("A request you escalated came back to first line."),
    AlertKind.REQUESTER_REPLIED: _(
        "The requester answered a request assigned to you (or unassigned, at your desk)."
    ),
    AlertKind.SLA_WARNING: _("A request assigned to you used most of its SLA time."),
    AlertKind.SLA_BREACHED: _("A request assigned to you passed its SLA due time."),
    AlertKind.UNDELIVERABLE: _("A mail to the requester of your request could not be delivered."),
    AlertKind.NEGATIVE_RATING: _(
        "A requester at a desk you lead rated the help 1 or 2 out of 5 (portal or survey)."
    ),
}
MANDATORY_HELP = _("As servicedesk lead you always receive breach alerts.")


class AlertPreferencesForm(forms.Form):
    """A select per kind; the lead's breach alerts offer no "off"."""

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        current = alert_modes_for(user)
        for kind in AlertKind:
            choices = list(AlertMode.choices)
            help_text = HELP[kind]
            if breach_alert_is_mandatory(user, kind):
                choices = [(value, label) for value, label in choices if value != AlertMode.OFF]
                help_text = f"{help_text} {MANDATORY_HELP}"
            self.fields[kind.value] = forms.ChoiceField(
                label=kind.label,
                choices=choices,
                initial=current[kind.value],
                help_text=help_text,
            )

    def modes(self) -> dict[str, str]:
        return {kind: self.cleaned_data[kind] for kind in AlertKind.values}
