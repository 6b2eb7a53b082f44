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
