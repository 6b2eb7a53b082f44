"""The triage steps of a request page as one table of actions and one view.

Take, assign, escalate, return, wrong desk and move used to be four
near-identical views; each is now a row here: who may do it, when it
applies, its form, the service it calls and what it says when done. One
view (``TriageMixin.triage_view``) serves them all on the admin's own look.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tickets import access, selectors, services
from tickets.choices import Line
from tickets.models import Ticket

from .forms import (
    AssignForm,
    EscalateForm,
    ForwardForm,
    RecategoriseForm,
    ReturnForm,
    TakeForm,
    agent_label,
)


@dataclass(frozen=True)
class TriageAction:
    """One row of the table: a triage step of a request."""

    slug: str  # URL part and name: admin:tickets_ticket_<slug>
    title: Promise
    submit: Promise
    form: type[forms.Form]
    run: Callable[..., Any]  # the service: run(ticket=, acting_user=, **cleaned_data)
    done: Callable[[Ticket, dict], str]  # the message once done
    permission: str | None = None  # beyond "change" on the request
    applies: Callable[[Ticket], bool] = lambda ticket: True
    form_kwargs: Callable[[Ticket], dict] = lambda ticket: {}
    # Errors of these codes are shown on this field, with what was typed kept.
    field_errors: tuple[tuple[str, str], ...] = ()


def _assign(*, ticket: Ticket, acting_user, agent) -> Ticket:
    return services.ticket_assign(ticket=ticket, assignee=agent, acting_user=acting_user)


def _moved_message(ticket: Ticket, data: dict) -> str:
    """Where the request went; and, when the lead moved it to an empty desk, that it is theirs."""
    moved = _("Moved to %(category)s (desk: %(desk)s).") % {
        "category": data["category"].name,
        "desk": ticket.desk.name,
    }
    if ticket.assignee_id and not selectors.desk_has_agents(ticket.desk):
        moved += " " + _(
            "Nobody works at %(desk)s yet: the request is assigned to you "
            "until agents are added to that desk."
        ) % {"desk": ticket.desk.name}
    return moved


ACTIONS: tuple[TriageAction, ...] = (
    TriageAction(
        slug="take",
        title=gettext_lazy("Take"),
        submit=gettext_lazy("Take"),
        form=TakeForm,
        run=services.ticket_take,
        done=lambda ticket, data: _("You took %(reference)s.") % {"reference": ticket.reference},
    ),
    TriageAction(
        slug="assign",
        title=gettext_lazy("Assign"),
        submit=gettext_lazy("Assign"),
        form=AssignForm,
        run=_assign,
        done=lambda ticket, data: (
            _("Assigned to %(agent)s.") % {"agent": agent_label(data["agent"])}
        ),
        form_kwargs=lambda ticket: {"agents": selectors.agents_for_ticket(ticket)},
    ),
    TriageAction(
        slug="escalate",
        title=gettext_lazy("Escalate to second line"),
        submit=gettext_lazy("Escalate"),
        form=EscalateForm,
        run=services.ticket_escalate,
        done=lambda ticket, data: _("Escalated to %(group)s.") % data,
        permission="tickets.escalate_ticket",
    ),
    TriageAction(
        slug="return",
        title=gettext_lazy("Return to first line"),
        submit=gettext_lazy("Return"),
        form=ReturnForm,
        run=services.ticket_return_to_first_line,
        done=lambda ticket, data: _("Returned to first line."),
        permission="tickets.escalate_ticket",
        applies=lambda ticket: ticket.line == Line.SECOND,
    ),
    TriageAction(
        slug="recategorise",
        title=gettext_lazy("Move to another category"),
        submit=gettext_lazy("Move"),
        form=RecategoriseForm,
        run=services.ticket_recategorise,
        done=lambda ticket, data: _moved_message(ticket, data),
        permission="tickets.escalate_ticket",
        field_errors=(
            ("same_category", "category"),
            ("not_fileable", "category"),
            ("desk_has_no_agents", "category"),
        ),
    ),
    TriageAction(
        slug="forward",
        title=gettext_lazy("Wrong desk: forward to another office"),
        submit=gettext_lazy("Send and close"),
        form=ForwardForm,
        run=services.ticket_forward_to_office,
        done=lambda ticket, data: _("Forwarded to %(office)s and closed.") % data,
        permission="tickets.forward_ticket",
    ),
)
BY_SLUG = {action.slug: action for action in ACTIONS}
# The link texts on the request page (shorter than the page titles for some).
LINK_LABELS = {
    "assign": gettext_lazy("Assign"),
    "escalate": gettext_lazy("Escalate to second line"),
    "return": gettext_lazy("Return to first line"),
    "recategorise": gettext_lazy("Move to another category"),
    "forward": gettext_lazy("Wrong desk: forward"),
}


def may_run(user, ticket: Ticket, action: TriageAction) -> bool:
    return (
        ticket.is_open
        and action.applies(ticket)
        and (action.permission is None or user.has_perm(action.permission))
    )


class TriageMixin:
    """Adds the triage pages to the request admin, one URL per table row."""

    def triage_urls(self) -> list:
        info = f"{self.opts.app_label}_{self.opts.model_name}"
        wrap = self.admin_site.admin_view
        return [
            path(
                f"<int:pk>/{action.slug}/",
                wrap(self.triage_view),
                {"slug": action.slug},
                name=f"{info}_{action.slug}",
            )
            for action in ACTIONS
        ]

    def triage_links(self, request: HttpRequest, ticket: Ticket) -> list[tuple[str, str]]:
        """The (url, label) of every step this agent may take on this request now."""
        if not self.has_change_permission(request, ticket):
            return []
        return [
            (reverse(f"admin:tickets_ticket_{slug}", args=[ticket.pk]), str(label))
            for slug, label in LINK_LABELS.items()
            if may_run(request.user, ticket, BY_SLUG[slug])
        ]

    def triage_view(self, request: HttpRequest, pk: int, slug: str) -> HttpResponse:
        action = BY_SLUG[slug]
        ticket = get_object_or_404(self.get_queryset(request), pk=pk)
        if not self.has_change_permission(request, ticket):
            raise Http404
        if action.permission and not request.user.has_perm(action.permission):
            raise PermissionDenied
        change_url = reverse("admin:tickets_ticket_change", args=[ticket.pk])
        if not may_run(request.user, ticket, action):
            self.message_user(
                request, _("This step does not apply to this request now."), messages.WARNING
            )
            return HttpResponseRedirect(change_url)
        bound = request.POST if request.method == "POST" else None
        form = action.form(bound, **action.form_kwargs(ticket))
        if bound is not None and form.is_valid():
            try:
                action.run(ticket=ticket, acting_user=request.user, **form.cleaned_data)
            except ValidationError as error:
                fields = dict(action.field_errors)
                field = fields.get(error.code) if hasattr(error, "code") else None
                form.add_error(field, error)
            else:
                self.message_user(request, action.done(ticket, form.cleaned_data))
                if access.staff_may_see(request.user, ticket):
                    return HttpResponseRedirect(change_url)
                # Now another desk's or group's request: back to the queue, not a 404.
                self.message_user(
                    request,
                    _("%(reference)s is now out of your queue.") % {"reference": ticket.reference},
                    messages.INFO,
                )
                return HttpResponseRedirect(reverse("admin:tickets_ticket_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": ticket,
            "title": action.title,
            "subtitle": f"{ticket.reference} {ticket.subject}",
            "form": form,
            "submit_label": action.submit,
            "change_url": change_url,
            "has_view_permission": True,
        }
        return TemplateResponse(request, "admin/tickets/ticket/triage.html", context)
