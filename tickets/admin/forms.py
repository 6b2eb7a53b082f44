"""Forms of the staff side: the request's change form and the triage steps."""

from django import forms
from django.contrib.admin.helpers import ActionForm
from django.utils.translation import gettext_lazy as _

from tickets import selectors
from tickets.choices import SPECIAL_STATUSES, TicketStatus, available_statuses
from tickets.forms import AttachmentsField, attachments_help
from tickets.models import Category, Office, ResolverGroup, StandardAnswer, Ticket
from tickets.option_lists import reply_answers


class TicketChangeForm(forms.ModelForm):
    """Assignee, priority and status, plus a reply with a standard answer picker."""

    reply_body = forms.CharField(
        label=_("Message"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("A chosen standard answer is put here for you to check before it is sent."),
    )
    standard_answer = forms.ModelChoiceField(
        label=_("Standard answer"),
        queryset=reply_answers(),
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
        # The assignee is chosen by name on its own page (take / assign), never by id.
        fields = ["priority", "status"]

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
        elif data.get("standard_answer") and not data.get("reply_body") and self.instance.pk:
            self._preview_standard_answer(data["standard_answer"])
        has_text = data.get("reply_body") or data.get("standard_answer")
        if data.get("reply_attachments") and not has_text:
            self.add_error("reply_body", _("Write a few words to go with the files."))
        return data

    def _preview_standard_answer(self, answer: StandardAnswer) -> None:
        """Never send a standard answer unseen: put it in the box and ask to check it.

        With JavaScript the box is filled when the answer is picked; without
        it, this round trip is the preview.
        """
        from tickets.services import standard_answer_render

        self.data = self.data.copy()
        self.data[self.add_prefix("reply_body")] = standard_answer_render(
            answer=answer, ticket=self.instance
        )
        self.add_error(
            "reply_body",
            _(
                "Check the standard answer in the box, adapt it if needed, "
                "and save again to send it."
            ),
        )


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
    keep_assignee = forms.BooleanField(
        label=_("Keep the assignee"),
        required=False,
        help_text=_("Otherwise nobody is assigned and the group picks it up."),
    )


class ReturnForm(forms.Form):
    note = forms.CharField(
        label=_("Note for first line"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    keep_assignee = forms.BooleanField(
        label=_("Keep the assignee"),
        required=False,
        help_text=_("Otherwise nobody is assigned and first line picks it up under New."),
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


class TakeForm(forms.Form):
    """Taking needs no input: the button is the whole form."""


class AgentNameInput(forms.TextInput):
    """A text box whose suggestions (a ``datalist``) are the request's own agents.

    The browser's own autocomplete: typing a few letters of a name narrows
    the list, by keyboard and screen reader, without a script or an id.
    """

    template_name = "admin/tickets/widgets/agent_name.html"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.agents: list = []

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, {**(attrs or {}), "list": f"{name}-agents"})
        context["agents"] = [(agent_label(agent), agent.email) for agent in self.agents]
        context["list_id"] = f"{name}-agents"
        return context


def agent_label(agent) -> str:
    """How an agent is shown and typed: "Full Name (email)"; unique because the email is."""
    name = agent.get_full_name()
    return f"{name} ({agent.email})" if name else agent.email


class AssignForm(forms.Form):
    """Assign to one of the request's agents, typed by name (never a numeric id)."""

    agent = forms.CharField(
        label=_("Agent"),
        max_length=300,
        widget=AgentNameInput(attrs={"autocomplete": "off"}),
        help_text=_("Type part of a name; only this desk's agents and the group's members."),
    )

    def __init__(self, *args, agents=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.agents = list(agents)
        self.fields["agent"].widget.agents = self.agents

    def clean_agent(self):
        typed = self.cleaned_data["agent"].strip().casefold()
        exact = [a for a in self.agents if typed in (agent_label(a).casefold(), a.email.casefold())]
        found = exact or [a for a in self.agents if typed in agent_label(a).casefold()]
        if len(found) == 1:
            return found[0]
        if not found:
            raise forms.ValidationError(_("No agent of this desk or group has that name."))
        raise forms.ValidationError(
            _("Several agents match: %(names)s. Type more of the name."),
            params={"names": ", ".join(agent_label(a) for a in found[:5])},
        )
