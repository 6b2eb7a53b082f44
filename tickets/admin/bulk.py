"""Bulk actions on the request list: each reports what it did and what it refused.

The action bar (``BulkActionForm``) carries the few values an action needs;
each action calls a bulk helper in ``tickets.services.bulk``, which runs the
per-request service with one savepoint per request. The message reads like
"3 taken; 2 refused: SD-2026-000004 (already taken by Ann), …".
"""

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import ValidationError
from django.db.models import Q, Value
from django.db.models.functions import Concat
from django.forms.boundfield import BoundField
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _

from accounts.models import User
from tickets import selectors, services
from tickets.choices import Priority
from tickets.option_lists import reply_answers, staff_option_lists
from tickets.services import BulkOutcome

from .forms import TicketActionForm

MAX_LISTED = 10  # refused references named in the message; the rest are counted


class RememberedBoundField(BoundField):
    """A field of the unbound action bar, its markup rendered once per inputs.

    The admin builds a fresh, unbound action bar for every list page, and
    its ten widgets rendered through the form templates took a tenth of the
    page's time (issue 23). Unbound, a widget's markup follows from its name,
    initial value, attributes, choices and the language, which make the key;
    a bound form (an action that failed validation) renders as usual.
    """

    _rendered: dict[tuple, str] = {}
    LIMIT = 256  # keys: languages x actions offered x option lists; a bound, never a leak

    def as_widget(self, widget=None, attrs=None, only_initial=False):
        choices = getattr(self.field.widget, "choices", ())
        if (
            widget
            or attrs
            or only_initial
            or self.form.is_bound
            or not isinstance(choices, list | tuple)
        ):
            return super().as_widget(widget, attrs, only_initial)
        key = (
            type(self.field.widget),
            self.html_name,
            repr(self.value()),
            self.field.required,
            self.field.disabled,
            tuple(sorted(self.field.widget.attrs.items())),
            tuple((str(value), str(label)) for value, label in choices),
            get_language(),
        )
        html = self._rendered.get(key)
        if html is None:
            if len(self._rendered) >= self.LIMIT:
                self._rendered.clear()
            html = self._rendered[key] = super().as_widget()
        return html


class BulkActionForm(TicketActionForm):
    """The action bar: the escalation and status fields plus what the bulk actions need."""

    bound_field_class = RememberedBoundField

    priority = forms.TypedChoiceField(
        label=gettext_lazy("Priority"),
        choices=[("", "---------"), *Priority.choices],
        coerce=int,
        required=False,
    )
    assignee = forms.CharField(
        label=gettext_lazy("Agent (name or email)"), max_length=150, required=False
    )
    standard_answer = forms.ModelChoiceField(
        label=gettext_lazy("Standard answer"), queryset=reply_answers(), required=False
    )
    merge_target = forms.CharField(
        label=gettext_lazy("Merge into (reference)"), max_length=20, required=False
    )
    confirm_other_requester = forms.BooleanField(
        label=gettext_lazy("also other requesters' requests"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The pickers show the cached lists (no query per page); a submitted
        # choice is still checked against each field's own queryset.
        lists = staff_option_lists()
        for name, listed in (("group", "active_groups"), ("standard_answer", "reply_answers")):
            field = self.fields[name]
            field.widget.choices = [("", field.empty_label), *lists[listed]]


def _field(request, name: str):
    """One action bar value, cleaned by its own field; None when empty or invalid."""
    field = BulkActionForm.base_fields[name]
    try:
        return field.clean(request.POST.get(name, "")) or None
    except ValidationError:
        return None


def _unseen(request, queryset) -> int:
    """Ticked ids the admin's scoped queryset dropped (missing, or not the agent's)."""
    if request.POST.get("select_across") == "1":
        return 0
    ticked = {value for value in request.POST.getlist(ACTION_CHECKBOX_NAME) if value.isdigit()}
    return len(ticked - {str(pk) for pk in queryset.values_list("pk", flat=True)})


def outcome_message(outcome: BulkOutcome, done_text: str, **values: str) -> str:
    """ "3 taken; 2 refused: SD-… (reason), SD-… (reason)"; ``done_text`` has %(count)d."""
    parts = [done_text % {"count": len(outcome.done), **values}]
    if outcome.refused_count:
        listed = [f"{reference} ({reason})" for reference, reason in outcome.refused[:MAX_LISTED]]
        if len(outcome.refused) > MAX_LISTED:
            listed.append(_("%(count)d more") % {"count": len(outcome.refused) - MAX_LISTED})
        if outcome.unseen:
            listed.append(
                ngettext(
                    "%(count)d request you cannot see",
                    "%(count)d requests you cannot see",
                    outcome.unseen,
                )
                % {"count": outcome.unseen}
            )
        refused = ngettext("%(count)d refused", "%(count)d refused", outcome.refused_count) % {
            "count": outcome.refused_count
        }
        parts.append(f"{refused}: {', '.join(listed)}")
    return "; ".join(parts)


def _report(modeladmin, request, outcome: BulkOutcome, done_text: str, **values: str) -> None:
    if not outcome.refused_count:
        level = messages.SUCCESS
    elif outcome.done:
        level = messages.WARNING
    else:
        level = messages.ERROR
    modeladmin.message_user(request, outcome_message(outcome, done_text, **values), level)


def _run(modeladmin, request, queryset, helper, done_plural, *, values=None, **kwargs) -> None:
    """Run a bulk helper over the ticked requests (in reference order) and report."""
    tickets = queryset.select_related("assignee").order_by("reference")
    outcome = helper(tickets=tickets, acting_user=request.user, **kwargs)
    outcome.unseen += _unseen(request, queryset)
    _report(modeladmin, request, outcome, done_plural(len(outcome.done)), **(values or {}))


def _merge_helper(*, tickets, acting_user, target, confirm_other_requester) -> BulkOutcome:
    return services.tickets_bulk_merge(
        sources=tickets,
        target=target,
        acting_user=acting_user,
        confirm_other_requester=confirm_other_requester,
    )


def _staff_by_name(text: str) -> tuple[User | None, str]:
    """The one active staff member ``text`` names (email, user name or full name)."""
    text = " ".join(text.split())
    staff = User.objects.filter(is_staff=True, is_active=True).annotate(
        full=Concat("first_name", Value(" "), "last_name")
    )
    found = list(
        staff.filter(Q(email__iexact=text) | Q(username__iexact=text) | Q(full__iexact=text))[:2]
    )
    if len(found) == 1:
        return found[0], ""
    if found:
        return None, _("Several staff members are called “%(name)s”: type an email address.")
    return None, _("No active staff member is called “%(name)s”.")


@admin.action(description=gettext_lazy("Take (assign to me)"), permissions=["change"])
def take_selected(modeladmin, request, queryset) -> None:
    _run(
        modeladmin,
        request,
        queryset,
        services.tickets_bulk_apply,
        lambda n: ngettext("%(count)d taken", "%(count)d taken", n),
        action=services.ticket_take,
    )


@admin.action(description=gettext_lazy("Assign to the agent named"), permissions=["change"])
def assign_selected(modeladmin, request, queryset) -> None:
    name = request.POST.get("assignee", "").strip()
    if not name:
        modeladmin.message_user(request, _("Type the agent's name or email first."), messages.ERROR)
        return
    assignee, problem = _staff_by_name(name)
    if assignee is None:
        modeladmin.message_user(request, problem % {"name": name}, messages.ERROR)
        return
    _run(
        modeladmin,
        request,
        queryset,
        services.tickets_bulk_assign,
        lambda n: ngettext("%(count)d assigned", "%(count)d assigned", n),
        assignee=assignee,
    )


@dataclass(frozen=True)
class ChosenValueAction:
    """A bulk action that applies the one value chosen in the action bar.

    ``field`` names the action bar field; its cleaned value goes to the bulk
    helper as ``argument`` (with ``service`` as the per-request action when the
    helper is the generic ``tickets_bulk_apply``).
    """

    name: str
    description: str
    field: str
    missing: str
    done: Callable[[int], str]
    helper: Callable[..., BulkOutcome]
    argument: str
    service: Callable | None = None


def _chosen_value_action(spec: ChosenValueAction) -> Callable:
    def run(modeladmin, request, queryset) -> None:
        value = _field(request, spec.field)
        if value is None:
            modeladmin.message_user(request, str(spec.missing), messages.ERROR)
            return
        extra = {"action": spec.service} if spec.service else {}
        _run(
            modeladmin, request, queryset, spec.helper, spec.done, **extra, **{spec.argument: value}
        )

    run.__name__ = run.__qualname__ = spec.name
    return admin.action(description=spec.description, permissions=["change"])(run)


set_priority_selected, set_status_selected, answer_selected = (
    _chosen_value_action(spec)
    for spec in (
        ChosenValueAction(
            name="set_priority_selected",
            description=gettext_lazy("Set the chosen priority"),
            field="priority",
            missing=gettext_lazy("Choose a priority first."),
            done=lambda n: ngettext(
                "%(count)d got the new priority", "%(count)d got the new priority", n
            ),
            helper=services.tickets_bulk_apply,
            service=services.ticket_set_priority,
            argument="priority",
        ),
        ChosenValueAction(
            name="set_status_selected",
            description=gettext_lazy("Set the chosen status"),
            field="status",
            missing=gettext_lazy("Choose a status first."),
            done=lambda n: ngettext(
                "%(count)d got the new status", "%(count)d got the new status", n
            ),
            helper=services.tickets_bulk_apply,
            service=services.ticket_set_status,
            argument="status",
        ),
        ChosenValueAction(
            name="answer_selected",
            description=gettext_lazy("Send the chosen standard answer"),
            field="standard_answer",
            missing=gettext_lazy("Choose a standard answer first."),
            done=lambda n: ngettext("%(count)d answered", "%(count)d answered", n),
            helper=services.tickets_bulk_answer,
            argument="answer",
        ),
    )
)


@admin.action(description=gettext_lazy("Merge into the request named"), permissions=["change"])
def merge_selected(modeladmin, request, queryset) -> None:
    reference = request.POST.get("merge_target", "").strip()
    if not reference:
        modeladmin.message_user(
            request, _("Type the reference of the request to merge into."), messages.ERROR
        )
        return
    target = selectors.ticket_by_reference_for(user=request.user, reference=reference)
    if target is None:
        modeladmin.message_user(
            request,
            _("There is no request %(reference)s that you can see.")
            % {"reference": reference.upper()},
            messages.ERROR,
        )
        return
    _run(
        modeladmin,
        request,
        queryset,
        _merge_helper,
        lambda n: ngettext(
            "%(count)d merged into %(target)s", "%(count)d merged into %(target)s", n
        ),
        values={"target": target.reference},
        target=target,
        confirm_other_requester=bool(_field(request, "confirm_other_requester")),
    )


BULK_ACTIONS = (
    take_selected,
    assign_selected,
    set_priority_selected,
    set_status_selected,
    answer_selected,
    merge_selected,
)

_REGISTERED: list[Callable] = []


def bulk_action_register(action: Callable) -> None:
    """Let another app add an action to the request list (e.g. "link to an incident").

    ``action`` is an admin action function; tickets never names the app.
    """
    if action not in _REGISTERED:
        _REGISTERED.append(action)


def registered_bulk_actions() -> tuple[Callable, ...]:
    return tuple(_REGISTERED)
