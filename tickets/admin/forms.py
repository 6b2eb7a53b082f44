"""Forms of the staff side: the request's change form and the triage steps."""

from django import forms
from django.contrib.admin.helpers import ActionForm
from django.utils.translation import gettext_lazy as _

from tickets import selectors
from tickets.choices import SPECIAL_STATUSES, TicketStatus, available_statuses
from tickets.forms import AttachmentsField, attachments_help
from tickets.models import Category, Office, ResolverGroup, StandardAnswer, Ticket


class TicketChangeForm(forms.ModelForm):
    """Assignee, priority and status, plus a reply with a standard answer picker."""

    reply_body = forms.CharField(
        label=_("Message"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Leave empty to send the chosen standard answer as it is."),
    )
    standard_answer = forms.ModelChoiceField(
        label=_("Standard answer"),
        queryset=StandardAnswer.objects.filter(
            is_active=True, purpose=StandardAnswer.Purpose.REPLY
        ),
        required=False,
        help_text=_(
            "Written in the requester's language, with their name and reference filled in."
        ),
    )
    reply_is_internal = forms.BooleanField(
        label=_("Internal note (not shown to the requester)"), required=False
    )
    reply_attachments = AttachmentsField(label=_("Attachments"))

    class Meta:
        model = Ticket
        fields = ["assignee", "priority", "status"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reply_attachments"].help_text = attachments_help()
        if "status" in self.fields and self.instance.pk:
            current = self.instance.status
            # Forwarding and merging have their own pages (an office, a target).
            allowed = {current} | (available_statuses(current) - SPECIAL_STATUSES)
            self.fields["status"].choices = [
                (value, label) for value, label in TicketStatus.choices if value in allowed
            ]

    def clean(self):
        data = super().clean()
        if (
            data.get("reply_is_internal")
            and data.get("standard_answer")
            and not data.get("reply_body")
        ):
            self.add_error("reply_is_internal", _("A standard answer is for the requester."))
        has_text = data.get("reply_body") or data.get("standard_answer")
        if data.get("reply_attachments") and not has_text:
            self.add_error("reply_body", _("Write a few words to go with the files."))
        return data


class EscalateForm(forms.Form):
    group = forms.ModelChoiceField(
        label=_("Resolver group"), queryset=ResolverGroup.objects.filter(is_active=True)
    )
    note = forms.CharField(
        label=_("Note for the specialists"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Required. What you found and why second line is needed."),
    )


class ReturnForm(forms.Form):
    note = forms.CharField(
        label=_("Note for first line"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ForwardForm(forms.Form):
    office = forms.ModelChoiceField(
        label=_("Office"), queryset=Office.objects.filter(is_active=True)
    )
    answer = forms.ModelChoiceField(
        label=_("Standard answer"),
        queryset=StandardAnswer.objects.filter(
            is_active=True, purpose=StandardAnswer.Purpose.WRONG_DESK
        ),
        help_text=_("Sent to the requester with the office's contact details filled in."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        answers = self.fields["answer"].queryset
        if not self.is_bound and answers.count() == 1:
            self.fields["answer"].initial = answers.get().pk


class RecategoriseForm(forms.Form):
    """The category a requester could have picked, grouped as on the filing form."""

    category = forms.TypedChoiceField(
        label=_("New category"),
        coerce=int,
        help_text=_(
            "The request goes to this category's desk. If that is another desk, it starts "
            "again at that desk's first line; priority and due times stay."
        ),
    )
    note = forms.CharField(
        label=_("Why it belongs there"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required. An internal note; the requester gets no mail."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        groups = selectors.categories_for_filing()
        self.fields["category"].choices = [("", _("Choose a category")), *groups]

    def clean_category(self) -> Category:
        # The choices already hold only fileable categories; the service checks again.
        pk = self.cleaned_data["category"]
        category = Category.objects.filter(pk=pk).select_related("default_desk").first()
        if category is None:
            raise forms.ValidationError(_("Choose a category from the list."))
        return category


class TicketActionForm(ActionForm):
    """The bulk action bar: a group and note for escalating, a status for the status change."""

    group = forms.ModelChoiceField(
        label=_("Group"), queryset=ResolverGroup.objects.filter(is_active=True), required=False
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", "---------")]
        + [(v, label) for v, label in TicketStatus.choices if v not in SPECIAL_STATUSES],
        required=False,
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)
