"""Forms of the requester's appointment page and the admin's offering page."""

from datetime import datetime

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from accounts.models import User

from .models import Channel, Location


def parse_slot(value: str) -> datetime | None:
    """A posted slot key (an aware ISO 8601 start), or None when malformed."""
    try:
        moment = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return None
    return moment if moment.tzinfo is not None else None


class SlotForm(forms.Form):
    """The picked start; the choices are rendered as radios grouped per day.

    The value is checked by the booking service against the live grid, not
    against the list shown earlier: a time taken meanwhile gets its own
    message and the page shows fresh slots.
    """

    slot = forms.CharField(
        label=_("Time"),
        error_messages={"required": _("Choose a time.")},
    )

    def clean_slot(self) -> datetime:
        moment = parse_slot(self.cleaned_data["slot"])
        if moment is None:
            raise forms.ValidationError(_("Choose one of the times shown."), code="invalid")
        return moment


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=500, required=False, widget=forms.Textarea
    )


class SlotChoiceField(forms.ChoiceField):
    """Shows the free times, but leaves the verdict on a posted time to the service.

    A time taken between showing and posting is then refused with the clear
    "just booked" message rather than a generic invalid-choice error.
    """

    def valid_value(self, value) -> bool:
        return True


class OfferForm(forms.Form):
    """The agent's choice in the admin: invite the requester, or book a time now."""

    MODE_INVITE = "invite"
    MODE_BOOK = "book"

    mode = forms.ChoiceField(
        label=_("How"),
        choices=[
            (MODE_INVITE, _("Invite the requester to choose a time")),
            (MODE_BOOK, _("Book a specific time now")),
        ],
        widget=forms.RadioSelect,
        initial=MODE_INVITE,
    )
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices)
    slot = SlotChoiceField(
        label=_("Time (when booking now)"),
        required=False,
        help_text=_("Free times of the desk; the agent is the first one free unless chosen."),
    )
    agent = forms.ModelChoiceField(
        label=_("Agent (optional)"), queryset=User.objects.none(), required=False
    )
    location = forms.ModelChoiceField(
        label=_("Location (at the desk)"), queryset=Location.objects.none(), required=False
    )

    def __init__(self, *args, slots=(), agents=None, locations=None, channels=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.set_slots(slots)
        if agents is not None:
            self.fields["agent"].queryset = agents
        if locations is not None:
            self.fields["location"].queryset = locations
        if channels:
            self.fields["channel"].choices = [c for c in Channel.choices if c[0] in channels]

    def set_slots(self, slots) -> None:
        self.fields["slot"].choices = [("", "---------")] + [
            (slot.key, date_format(slot.local_start, "D j M Y, H:i")) for slot in slots
        ]

    def clean(self):
        data = super().clean()
        if data.get("mode") == self.MODE_BOOK:
            moment = parse_slot(data.get("slot") or "")
            if moment is None:
                self.add_error("slot", _("Choose a time to book."))
            data["starts_at"] = moment
        return data


class MarkForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[("done", _("Done")), ("no_show", _("Did not show up"))],
    )
