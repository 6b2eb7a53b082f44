"""The agent workspace inside the request admin: views with live counts, the row, the page.

Kept apart from ``tickets.py`` so the ModelAdmin stays a list of hooks:
``WorkspaceMixin`` adds the view filter and its counts endpoint, the queue's
columns, and what the conversation-first request page needs. Other apps add a
section to the page's side panel with ``side_panel_register`` and a link
among the page's tools with ``page_tool_register``, so this module never
names them.
"""

from collections.abc import Callable

from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db import models
from django.db.models import OuterRef, Subquery
from django.http import HttpRequest, JsonResponse
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.timesince import timesince
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from core import clock
from tickets import access, queues, selectors, services
from tickets.choices import Line, Priority
from tickets.event_text import describe_event
from tickets.models import SavedView, Ticket, TicketSeen

from .changelist import QueueChangeList

# Each returns a dict {"title", "template", ...context} or None for a request.
SidePanelSection = Callable[[HttpRequest, Ticket], dict | None]
_SIDE_PANEL: list[SidePanelSection] = []
# The request list's pager counts up to this many ("more than 1,000 requests",
# 20 pages of 50). Counting to 10,000 walked 10,000 index entries on every
# load of the list, 4 ms of database time at a million requests for pages
# beyond the 20th that agents reach by search and filters instead (issue 23).
PAGE_CAP = 1_000


def side_panel_register(section: SidePanelSection) -> None:
    """Let another app add a section to the request page's side panel."""
    if section not in _SIDE_PANEL:
        _SIDE_PANEL.append(section)


# Each returns (url, label) or None (not for this request or this user).
PageTool = Callable[[HttpRequest, Ticket], tuple[str, str] | None]
_PAGE_TOOLS: list[PageTool] = []


def page_tool_register(tool: PageTool) -> None:
    """Let another app add a link to the request page's tools (next to the triage steps)."""
    if tool not in _PAGE_TOOLS:
        _PAGE_TOOLS.append(tool)


_LABELS: dict[tuple[type, str], dict] = {}


def choice_label(choices: type[models.Choices], value) -> str:
    """``get_FOO_display()`` for a list's every row, without its per-call work.

    The model's method rebuilds a dict of the field's choices and resolves a
    lazy label on each call (50 rows, two columns: a visible share of the
    list, issue 23); the labels are kept per language here instead.
    """
    language = get_language()
    labels = _LABELS.get((choices, language))
    if labels is None:
        labels = _LABELS[(choices, language)] = {v: str(label) for v, label in choices.choices}
    return labels.get(value, value)


class ViewFilter(admin.SimpleListFilter):
    """The workspace's views as a list filter, so sorting and paging keep the view.

    Rendered as the tabs above the list (with counts), not in the sidebar.
    """

    title = gettext_lazy("view")
    parameter_name = "view"
    template = "admin/tickets/ticket/view_filter.html"

    def lookups(self, request, model_admin):
        # Only keys here; labels and counts come from the tabs. Saved views
        # are checked in ``queryset`` (an unknown key shows nothing).
        return [(view.key, view.label) for view in queues.BUILT_IN]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        condition = queues.view_condition(request.user, self.value())
        return queryset.none() if condition is None else queryset.filter(condition)


class WorkspaceMixin:
    """Columns, the view tabs, the counts endpoint and the request page's context."""

    def workspace_urls(self) -> list:
        info = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path(
                "view-counts/",
                self.admin_site.admin_view(self.view_counts_view),
                name=f"{info}_view_counts",
            )
        ]

    def view_counts_view(self, request: HttpRequest) -> JsonResponse:
        """The views' counts as JSON, polled by the tabs every 45 s (no page reload)."""
        if not self.has_view_permission(request):
            return JsonResponse({"views": []}, status=403)
        return JsonResponse({"views": queues.view_counts(request.user)})

    def get_ordering(self, request: HttpRequest):
        """A view's own order (Breached: most overdue first); the admin's otherwise."""
        ordering = queues.view_ordering(request.GET.get("view", ""))
        return ordering or super().get_ordering(request)

    def get_paginator(self, request, queryset, per_page, orphans=0, allow_empty_first_page=True):
        """The list and its views count their pages up to 1,000 requests ("more than 1,000")."""
        paginator = super().get_paginator(
            request, queryset, per_page, orphans, allow_empty_first_page
        )
        if hasattr(paginator, "cap"):
            paginator.cap = PAGE_CAP
        return paginator

    def with_seen_at(self, request: HttpRequest, queryset):
        """Adds when this agent last opened each request (one correlated, indexed lookup)."""
        seen = TicketSeen.objects.filter(ticket=OuterRef("pk"), user=request.user)
        return queryset.annotate(my_seen_at=Subquery(seen.values("seen_at")[:1]))

    def changelist_view(self, request, extra_context=None):
        current = request.GET.get("view", "")
        tabs = queues.view_counts_remembered(request.user)
        extra_context = {
            **(extra_context or {}),
            "workspace_views": tabs,
            "workspace_current_view": current,
            "workspace_counts_url": reverse("admin:tickets_ticket_view_counts"),
        }
        return super().changelist_view(request, extra_context)

    def get_changelist(self, request, **kwargs):
        return QueueChangeList

    # --- Columns ---------------------------------------------------------------

    def get_empty_value_display(self):
        """The site's "-" for an empty cell: a constant the admin rebuilds for each of 500 cells."""
        return self._empty_value_display

    @cached_property
    def _empty_value_display(self) -> str:
        return super().get_empty_value_display()

    def action_checkbox(self, obj: Ticket) -> str:
        """The admin's row checkbox, the same markup formatted directly.

        The admin renders a ``CheckboxInput`` through the template engine for
        every row, a tenth of the list's time at 50 rows (issue 23).
        """
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            ACTION_CHECKBOX_NAME,
            obj.pk,
            format_html(_("Select this object for an action - {}"), str(obj)),
        )

    @admin.display(description=gettext_lazy("reference"), ordering="reference")
    def reference_marked(self, obj: Ticket) -> str:
        """The reference, with "new message" when the requester wrote since I last looked."""
        seen = getattr(obj, "my_seen_at", None)
        unread = seen is None or (obj.requester_replied_at and obj.requester_replied_at > seen)
        if not unread:
            return obj.reference
        label = _("new message") if seen else _("not opened yet")
        return format_html(
            '{} <span class="ws-unread"><span aria-hidden="true">●</span> {}</span>',
            obj.reference,
            label,
        )

    @admin.display(description=gettext_lazy("subject"), ordering="subject")
    def subject_short(self, obj: Ticket) -> str:
        return format_html('<span class="ws-clip" title="{0}">{0}</span>', obj.subject)

    @admin.display(description=gettext_lazy("requester"), ordering="requester_name")
    def requester_short(self, obj: Ticket) -> str:
        return format_html('<span class="ws-clip ws-clip--narrow">{}</span>', obj.requester_name)

    @admin.display(description=gettext_lazy("desk / line"))
    def desk_line(self, obj: Ticket) -> str:
        where = obj.resolver_group.name if obj.resolver_group_id else choice_label(Line, obj.line)
        return format_html(
            '<span class="ws-clip ws-clip--narrow">{}</span><br><small>{}</small>', obj.desk, where
        )

    @admin.display(description=gettext_lazy("priority"), ordering="priority")
    def priority_badge(self, obj: Ticket) -> str:
        return format_html(
            '<span class="ws-prio ws-prio--{}" title="{}">P{}</span>',
            obj.priority,
            choice_label(Priority, obj.priority),
            obj.priority,
        )

    @admin.display(description=gettext_lazy("last activity"), ordering="updated_at")
    def last_activity(self, obj: Ticket) -> str:
        return format_html(
            '<time datetime="{}">{}</time>',
            obj.updated_at.isoformat(),
            _("%(time)s ago") % {"time": timesince(obj.updated_at, clock.now(), depth=1)},
        )

    # --- The request page -------------------------------------------------------

    def workspace_page_context(self, request: HttpRequest, ticket: Ticket) -> dict:
        """Timeline, side panel and shortcuts for the conversation-first request page."""
        sections = [s for s in (fn(request, ticket) for fn in _SIDE_PANEL) if s]
        timeline = [
            {
                "message": entry.message,
                "event": entry.event,
                "summary": describe_event(entry.event) if entry.event else "",
            }
            for entry in selectors.ticket_timeline(ticket)
        ]
        return {
            "timeline": timeline,
            "sla_due": self.sla_due(ticket),
            "requester_others": selectors.requester_other_open_tickets(request.user, ticket),
            "side_sections": sections,
            "page_tools": [tool for tool in (fn(request, ticket) for fn in _PAGE_TOOLS) if tool],
            "triage": self.triage_links(request, ticket),
            "may_take": ticket.is_open
            and ticket.assignee_id != request.user.pk
            and self.has_change_permission(request, ticket),
        }

    def mark_seen(self, request: HttpRequest, ticket: Ticket) -> None:
        if request.method == "GET":
            services.ticket_mark_seen(ticket=ticket, user=request.user)


@admin.register(SavedView)
class SavedViewAdmin(admin.ModelAdmin):
    """A lead's extra views of a desk's queue, shown as tabs to that desk's agents."""

    list_display = ("name_nl", "name_en", "desk", "status", "priority", "line", "unassigned_only")
    list_filter = ("desk",)
    list_select_related = ("desk",)
    fields = ("desk", "name_nl", "name_en", "status", "priority", "line", "unassigned_only",
              "position")  # fmt: skip

    def get_queryset(self, request):
        return access.desks_managed_by(request.user, super().get_queryset(request))
