"""The request queue and the request page for agents, through the admin's hooks.

Agents see the requests of their desks and resolver groups only
(``get_queryset`` + ``has_*_permission``); every change goes through a
service, so the audit trail and the mails follow.
"""

import re

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponseRedirect
from django.utils.html import format_html
from django.utils.timesince import timesince, timeuntil
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import clock
from core.admin_mixins import ReadOnlyAdminMixin
from tickets import access, services
from tickets.choices import OPEN_STATUSES
from tickets.event_text import describe_event
from tickets.models import Ticket, TicketEvent

from .bulk import BULK_ACTIONS, BulkActionForm, registered_bulk_actions
from .export import ExportMixin
from .forms import TicketActionForm, TicketChangeForm
from .listfilters import AssigneeFilter, CachedRelatedFilter
from .merge import MergeAdminMixin
from .paginator import CappedCountPaginator
from .triage import TriageMixin
from .workspace import ViewFilter, WorkspaceMixin

REFERENCE = re.compile(r"^\s*SD-\d{4}-\d{6,}\s*$", re.IGNORECASE)
SOON = 4 * 3600  # seconds: a due time this close shows as "soon"


@admin.display(description=gettext_lazy("details"))
def event_details(obj: TicketEvent) -> str:
    """The stored details in words with local times, never the raw JSON."""
    return describe_event(obj)


@admin.register(Ticket)
class TicketAdmin(ExportMixin, MergeAdminMixin, WorkspaceMixin, TriageMixin, admin.ModelAdmin):
    """The queue (views, a row readable at 1366 px) and the conversation-first request page."""

    form = TicketChangeForm
    action_form = BulkActionForm
    change_form_template = "admin/tickets/ticket/change_form.html"
    change_list_template = "admin/tickets/ticket/change_list.html"
    list_display = (
        "reference_marked",
        "subject_short",
        "requester_short",
        "desk_line",
        "priority_badge",
        "status",
        "sla_due",
        "assignee",
        "last_activity",
    )
    list_display_links = ("reference_marked",)
    list_filter = (
        ViewFilter,
        "status",
        ("desk", CachedRelatedFilter),
        ("resolver_group", CachedRelatedFilter),
        "priority",
        AssigneeFilter,
        ("category", CachedRelatedFilter),
        "is_breached",
        "line",
        "channel",
    )
    search_fields = ("subject", "requester_name", "requester_email", "requester_number")
    list_select_related = ("desk", "resolver_group", "assignee")
    show_full_result_count = False
    paginator = CappedCountPaginator
    list_per_page = 50
    ordering = ("-updated_at", "-id")

    @property
    def actions(self) -> tuple:
        # Read at each request, so actions other apps register at start-up count.
        return (*BULK_ACTIONS, *registered_bulk_actions(), "escalate_to_group")

    # The conversation, files and audit trail are the page's timeline
    # (workspace.py), not inlines; the form is the reply box and the handling.
    fieldsets = (
        (
            gettext_lazy("Reply"),
            {
                "fields": (
                    "reply_body",
                    "reply_is_internal",
                    "standard_answer",
                    "reply_attachments",
                )
            },
        ),
        (gettext_lazy("Handling"), {"fields": ("priority", "status")}),
    )

    class Media:
        css = {"all": ("tickets/admin.css",)}
        js = ("tickets/standard_answers.js", "tickets/workspace.js")

    # --- Who sees what ------------------------------------------------------

    def get_queryset(self, request: HttpRequest):
        queryset = access.tickets_visible_to(request.user).select_related(
            "requester", "category", "desk", "resolver_group", "assignee"
        )
        return self.with_seen_at(request, queryset)

    def _may_see(self, request: HttpRequest, obj: Ticket | None) -> bool:
        # The page asks for one request's permissions a dozen times (buttons,
        # links, inline checks): the answer is kept for this HTTP request.
        if obj is None:
            return True
        answers = request.__dict__.setdefault("_tickets_may_see", {})
        if obj.pk not in answers:
            answers[obj.pk] = access.staff_may_see(request.user, obj)
        return answers[obj.pk]

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return super().has_view_permission(request, obj) and self._may_see(request, obj)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return super().has_change_permission(request, obj) and self._may_see(request, obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # requests are filed in the portal, where the requester is known

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False  # the audit trail must stay complete

    def get_search_results(self, request, queryset, search_term):
        """A reference is looked up exactly on its unique index, never with LIKE."""
        if REFERENCE.match(search_term):
            return queryset.filter(reference=search_term.strip().upper()), False
        return super().get_search_results(request, queryset, search_term)

    # --- Columns --------------------------------------------------------------

    @admin.display(description=gettext_lazy("SLA due"), ordering="resolution_due_at")
    def sla_due(self, obj: Ticket) -> str:
        """The resolution due time as words plus a colour class (never colour alone)."""
        if obj.status not in OPEN_STATUSES:
            return "—"
        if obj.is_sla_paused:
            return format_html('<span class="sla sla--paused">{}</span>', _("paused"))
        due = obj.resolution_due_at
        if due is None:
            return "—"
        now = clock.now()
        if due <= now:
            text = _("overdue by %(time)s") % {"time": timesince(due, now, depth=1)}
            return format_html('<span class="sla sla--breached">⚠ {}</span>', text)
        text = _("due in %(time)s") % {"time": timeuntil(due, now, depth=1)}
        css = "sla--soon" if (due - now).total_seconds() < SOON else "sla--ok"
        return format_html('<span class="sla {}">{}</span>', css, text)

    # --- Saving through services ---------------------------------------------

    def save_model(self, request, obj, form, change):
        """Apply the changed fields through the services instead of ``obj.save()``."""
        ticket = Ticket.objects.get(pk=obj.pk)
        data = form.cleaned_data
        user = request.user
        if "priority" in form.changed_data:
            services.ticket_set_priority(ticket=ticket, priority=data["priority"], acting_user=user)
        body = data.get("reply_body", "").strip()
        if not body and data.get("standard_answer"):
            body = services.standard_answer_render(answer=data["standard_answer"], ticket=ticket)
        new_status = data["status"] if "status" in form.changed_data else None
        if body:
            # One save, one mail: the status travels with the reply.
            services.ticket_reply(
                ticket=ticket,
                body=body,
                acting_user=user,
                internal=data.get("reply_is_internal", False),
                uploads=data.get("reply_attachments") or [],
                then_status=new_status,
            )
            ticket.refresh_from_db()
        elif new_status and new_status != ticket.status:
            services.ticket_set_status(ticket=ticket, status=data["status"], acting_user=user)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            with transaction.atomic():
                return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return HttpResponseRedirect(request.path)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            answers = context["adminform"].form.fields["standard_answer"].queryset
            context["standard_answers"] = {
                str(answer.pk): services.standard_answer_render(answer=answer, ticket=obj)
                for answer in answers
            }
            context.update(self.workspace_page_context(request, obj))
            self.mark_seen(request, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_urls(self):
        return [
            *self.export_urls(),
            *self.workspace_urls(),
            *self.triage_urls(),
            *super().get_urls(),
        ]

    # --- Bulk actions ---------------------------------------------------------

    def _each(self, request, queryset, action, **kwargs) -> None:
        done, failed = 0, []
        for ticket in queryset:
            try:
                with transaction.atomic():
                    action(ticket=ticket, acting_user=request.user, **kwargs)
                done += 1
            except ValidationError as error:
                failed.append(f"{ticket.reference}: {' '.join(error.messages)}")
        if done:
            self.message_user(request, _("%(count)d requests updated.") % {"count": done})
        for message in failed:
            self.message_user(request, message, messages.WARNING)

    @admin.action(
        description=gettext_lazy("Escalate to the chosen group (note required)"),
        permissions=["escalate"],
    )
    def escalate_to_group(self, request, queryset):
        group = self._action_field(request, "group")
        note = request.POST.get("note", "").strip()
        if group is None or not note:
            self.message_user(
                request, _("Choose a group and write a note to escalate."), messages.ERROR
            )
            return
        self._each(request, queryset, services.ticket_escalate, group=group, note=note)

    def _action_field(self, request, name: str):
        """One extra field of the action bar, validated by its own form field."""
        field = TicketActionForm.base_fields[name]
        try:
            return field.clean(request.POST.get(name, ""))
        except ValidationError:
            return None

    def has_escalate_permission(self, request) -> bool:
        return request.user.has_perm("tickets.escalate_ticket")


@admin.register(TicketEvent)
class TicketEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The audit trail, read-only: who changed what, when, from what to what."""

    list_display = ("created_at", "ticket", "type", "acting_user", event_details)
    fields = ("created_at", "ticket", "type", "acting_user", "details")
    readonly_fields = fields

    @admin.display(description=gettext_lazy("details"))
    def details(self, obj: TicketEvent) -> str:
        return describe_event(obj)

    list_filter = ("type",)
    list_select_related = ("ticket", "acting_user")
    search_fields = ("=ticket__reference",)
    show_full_result_count = False
    paginator = CappedCountPaginator
    date_hierarchy = None

    def get_queryset(self, request):
        visible = access.tickets_visible_to(request.user)
        return super().get_queryset(request).filter(ticket__in=visible.values("pk"))
