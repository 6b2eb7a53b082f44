"""The public "I am affected too" form."""

from django import forms
from django.utils.translation import gettext_lazy as _


class AffectedForm(forms.Form):
    """A guest gives the address updates go to; a signed-in user's own address is used."""

    email = forms.EmailField(
        label=_("Your email address"),
        max_length=254,
        help_text=_("We mail you each update about this disruption, and when it is fixed."),
    )


class SubscribeForm(forms.Form):
    """Anyone may ask for status mail about one service; the address confirms by link."""

    service = forms.ModelChoiceField(
        label=_("Service"),
        queryset=None,
        empty_label=None,
        to_field_name="slug",
    )
    email = forms.EmailField(
        label=_("Your email address"),
        max_length=254,
        help_text=_("We mail you a link to confirm. Each mail has a link to stop."),
    )

    def __init__(self, *args, **kwargs) -> None:
        from .models import Service

        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = Service.objects.order_by("position", "name_nl")
        self.fields["service"].label_from_instance = lambda service: service.name
