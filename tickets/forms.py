"""Forms of the requester pages; they validate, services change state."""

import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.validators import validate_alumni_number, validate_student_number

from . import option_lists
from .choices import Impact, Urgency, is_emergency
from .models import Category
from .validators import validate_attachments


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Several files in one input; each checked against the upload rules."""

    widget = MultipleFileInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        cleaned = [super(AttachmentsField, self).clean(item, initial) for item in files]
        validate_attachments(cleaned)
        return cleaned


class AccessibleFormMixin:
    """Mark invalid fields and tie each error and help text to its field."""

    def full_clean(self):
        super().full_clean()
        for name, field in self.fields.items():
            described = []
            if field.help_text:
                described.append(f"id_{name}_helptext")
            if name in self.errors:
                field.widget.attrs["aria-invalid"] = "true"
                described.append(f"id_{name}_error")
            if described:
                field.widget.attrs["aria-describedby"] = " ".join(described)


def attachments_help() -> str:
    from django.conf import settings
    from django.template.defaultfilters import filesizeformat

    return _("Up to %(count)d files of at most %(size)s each: %(types)s.") % {
        "count": settings.TICKETS_ATTACHMENT_MAX_FILES,
        "size": filesizeformat(settings.TICKETS_ATTACHMENT_MAX_BYTES),
        "types": ", ".join(settings.TICKETS_ATTACHMENT_EXTENSIONS),
    }


SUBJECT_MAX_LENGTH = 200


def subject_from_query(value: str) -> str:
    """A subject suggested in the address (the knowledgebase's "nothing found" link).

    One line of printable text, at most the subject's length: control and
    format characters go, whitespace collapses, the rest is cut off. The form
    validates it again on submit like anything typed.
    """
    printable = "".join(
        " " if char.isspace() else char
        for char in value[: SUBJECT_MAX_LENGTH * 4]
        if char.isspace() or unicodedata.category(char)[0] != "C"
    )
    return " ".join(printable.split())[:SUBJECT_MAX_LENGTH].strip()


class TicketForm(AccessibleFormMixin, forms.Form):
    """File a request as a signed-in user."""

    category = forms.TypedChoiceField(label=_("What is it about?"), coerce=int)
    subject = forms.CharField(
        label=_("Subject"),
        max_length=SUBJECT_MAX_LENGTH,
        help_text=_("One line that says what is wrong or what you need."),
        widget=forms.TextInput(attrs={"data-kb-suggest": "kb-suggestions", "autocomplete": "off"}),
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What did you do, what happened, and any error message you saw."),
    )
    impact = forms.TypedChoiceField(
        label=_("Who is affected?"), choices=Impact.choices, coerce=int, widget=forms.RadioSelect
    )
    urgency = forms.TypedChoiceField(
        label=_("How urgent is it?"), choices=Urgency.choices, coerce=int, widget=forms.RadioSelect
    )
    attachments = AttachmentsField(label=_("Attachments"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filing = option_lists.filing_options()
        self.fields["category"].choices = [("", _("Choose a category")), *self.filing.groups]
        self.fields["attachments"].help_text = attachments_help()

    def clean_category(self) -> Category:
        pk = self.cleaned_data["category"]
        category = (
            Category.objects.filter(pk=pk, is_active=True).select_related("default_desk").first()
        )
        if category is None:
            raise ValidationError(_("Choose a category from the list."))
        return category

    @property
    def is_emergency(self) -> bool:
        """The answers as posted make an emergency (``choices.is_emergency``)."""
        data = self.data if self.is_bound else {}
        return is_emergency(data.get("impact"), data.get("urgency"))


class GuestTicketForm(TicketForm):
    """File a request without logging in: we need a way to reach the requester."""

    name = forms.CharField(label=_("Your name"), max_length=150)
    email = forms.EmailField(
        label=_("Your email address"),
        help_text=_("We send the reference and a private link to follow the request here."),
    )
    number = forms.CharField(
        label=_("Student or alumni number"),
        max_length=8,
        required=False,
        help_text=_("Seven digits, or Q and seven digits for alumni."),
    )

    field_order = ["name", "email", "number"]

    def clean_number(self) -> str:
        value = self.cleaned_data["number"].strip().upper()
        if not value:
            return ""
        try:
            (validate_alumni_number if value.startswith("Q") else validate_student_number)(value)
        except ValidationError as error:
            raise ValidationError(
                _("Enter seven digits, or Q and seven digits for an alumni number.")
            ) from error
        return value


class ReplyForm(AccessibleFormMixin, forms.Form):
    body = forms.CharField(
        label=_("Your reply"), max_length=10000, widget=forms.Textarea(attrs={"rows": 5})
    )
    attachments = AttachmentsField(label=_("Attachments"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attachments"].help_text = attachments_help()


class RatingForm(AccessibleFormMixin, forms.Form):
    score = forms.TypedChoiceField(
        label=_("How satisfied are you with how we handled your request?"),
        choices=[
            (5, _("5: very satisfied")),
            (4, _("4: satisfied")),
            (3, _("3: neutral")),
            (2, _("2: dissatisfied")),
            (1, _("1: very dissatisfied")),
        ],
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class MyRequestsFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("Show"),
        choices=[("open", _("Open")), ("closed", _("Closed")), ("all", _("All"))],
        required=False,
    )
    q = forms.CharField(label=_("Search"), max_length=200, required=False)
    after = forms.CharField(required=False, widget=forms.HiddenInput)
