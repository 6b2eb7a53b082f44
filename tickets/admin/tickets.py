"""The request queue and the request page for agents, through the admin's hooks.

Agents see the requests of their desks and resolver groups only
(``get_queryset`` + ``has_*_permission``); every change goes through a
service, so the audit trail and the mails follow.
"""

import re

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.timesince import timesince, timeuntil
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tickets import access, clock, selectors, services
from tickets.choices import OPEN_STATUSES, Line, MessageKind
from tickets.event_text import describe_event
from tickets.models import Ticket, TicketAttachment, TicketEvent, TicketMessage

from .forms import (
    EscalateForm,
    ForwardForm,
    RecategoriseForm,
    ReturnForm,
    TicketActionForm,
    TicketChangeForm,
)
from .listfilters import AssigneeFilter
from .paginator import CappedCountPaginator

REFERENCE = re.compile(r"^\s*SD-\d{4}-\d{6,}\s*$", re.IGNORECASE)
SOON = 4 * 3600  # seconds: a due time this close shows as "soon"


class ReadOnlyInline(admin.StackedInline):
    """Stacked, because the tabular layout has header cells without text (axe)."""

    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_view_permission(self, request, obj=None) -> bool:
        return True  # the parent request's permission already decided


class PublicReplyInline(ReadOnlyInline):
    model = TicketMessage
    verbose_name = gettext_lazy("public reply")
    verbose_name_plural = gettext_lazy("Conversation: public replies (the requester sees these)")
    fields = ("created_at", "author_name", "is_staff_reply", "body")
    readonly_fields = fields
    classes = ("conversation-public",)

    def get_queryset(self, request):
        return super().get_queryset(request).filter(kind=MessageKind.PUBLIC)


class InternalNoteInline(ReadOnlyInline):
    model = TicketMessage
    verbose_name = gettext_lazy("internal note")
    verbose_name_plural = gettext_lazy("Internal notes (never shown to the requester)")
    fields = ("created_at", "author_name", "body")
    readonly_fields = fields
    classes = ("conversation-internal",)

    def get_queryset(self, request):
        return super().get_queryset(request).filter(kind=MessageKind.INTERNAL)


class AttachmentInline(ReadOnlyInline):
    model = TicketAttachment
    fields = ("download", "size", "created_at")
    readonly_fields = fields

    @admin.display(description=gettext_lazy("file"))
    def download(self, obj: TicketAttachment) -> str:
        url = reverse("tickets:attachment", kwargs={"pk": obj.pk})
        return format_html('<a href="{}">{}</a>', url, obj.original_name)


@admin.display(description=gettext_lazy("details"))
def event_details(obj: TicketEvent) -> str:
    """The stored details in words with local times, never the raw JSON."""
    return describe_event(obj)


class EventInline(ReadOnlyInline):
    model = TicketEvent
    verbose_name_plural = gettext_lazy("Audit trail")
    fields = ("created_at", "type", "acting_user", "details")
    readonly_fields = fields
    ordering = ("created_at", "id")

    @admin.display(description=gettext_lazy("details"))
    def details(self, obj: TicketEvent) -> str:
        return describe_event(obj)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("acting_user")


@admin.register(Ticket)
class TicketAdmin(admin.ModelAdmin):
    form = TicketChangeForm
    action_form = TicketActionForm
    change_form_template = "admin/tickets/ticket/change_form.html"
    list_display = (
        "reference",
        "subject",
        "requester_name",
        "status",
        "priority",
        "desk",
        "resolver_group",
        "assignee",
        "sla_due",
        "updated_at",
    )
    list_filter = (
        "status",
        "desk",
        "resolver_group",
        "priority",
        AssigneeFilter,
        "category",
        "is_breached",
        "line",
    )
    search_fields = ("subject", "requester_name", "requester_email", "requester_number")
    list_select_related = ("desk", "resolver_group", "assignee")
    show_full_result_count = False
    paginator = CappedCountPaginator
    list_per_page = 50
    # A raw id box with the lookup popup (limited to staff) rather than the
    # select2 autocomplete, whose inner textbox has no accessible name (axe).
    raw_id_fields = ("assignee",)
    ordering = ("-updated_at", "-id")
    actions = ("assign_to_me", "escalate_to_group", "change_status")
    inlines = (PublicReplyInline, InternalNoteInline, AttachmentInline, EventInline)
    readonly_fields = (
        "reference",
        "requester_link",
        "requester_name",
        "requester_email",
        "requester_number",
        "requester_language",
        "category",
        "desk",
        "line",
        "resolver_group",
        "subject",
        "description",
        "impact",
        "urgency",
        "created_at",
        "updated_at",
        "first_response_at",
        "sla_due",
        "response_due_at",
        "is_breached",
        "rating",
        "rating_comment",
    )
    fieldsets = (
        (
            gettext_lazy("Request"),
            {"fields": ("reference", "subject", "description", "category", "impact", "urgency")},
        ),
        (
            gettext_lazy("Requester"),
            {
                "fields": (
                    "requester_link",
                    "requester_name",
                    "requester_email",
                    "requester_number",
                    "requester_language",
                )
            },
        ),
        (
            gettext_lazy("Handling"),
            {"fields": ("desk", "line", "resolver_group", "assignee", "priority", "status")},
        ),
        (
            gettext_lazy("Reply"),
            {
                "fields": (
                    "standard_answer",
                    "reply_body",
                    "reply_attachments",
                    "reply_is_internal",
                )
            },
        ),
        (
            gettext_lazy("Service level"),
            {
                "fields": (
                    "created_at",
                    "updated_at",
                    "first_response_at",
                    "response_due_at",
                    "sla_due",
                    "is_breached",
                    "rating",
                    "rating_comment",
                )
            },
        ),
    )

    class Media:
        css = {"all": ("tickets/admin.css",)}
        js = ("tickets/standard_answers.js",)

    # --- Who sees what ------------------------------------------------------

    def get_queryset(self, request: HttpRequest):
        return access.tickets_visible_to(request.user).select_related(
            "requester", "category", "desk", "resolver_group", "assignee"
        )

    def _may_see(self, request: HttpRequest, obj: Ticket | None) -> bool:
        return obj is None or access.staff_may_see(request.user, obj)

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

    @admin.display(description=gettext_lazy("account"))
    def requester_link(self, obj: Ticket) -> str:
        if obj.requester_id is None:
            return _("filed without an account")
        return str(obj.requester)

    # --- Saving through services ---------------------------------------------

    def save_model(self, request, obj, form, change):
        """Apply the changed fields through the services instead of ``obj.save()``."""
        ticket = Ticket.objects.get(pk=obj.pk)
        data = form.cleaned_data
        user = request.user
        if "assignee" in form.changed_data:
            services.ticket_assign(ticket=ticket, assignee=data["assignee"], acting_user=user)
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
            context["triage"] = self._triage_links(request, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _triage_links(self, request, obj: Ticket) -> list[tuple[str, str]]:
        if not obj.is_open or not self.has_change_permission(request, obj):
            return []
        links = []
        base = f"admin:{obj._meta.app_label}_{obj._meta.model_name}"
        if request.user.has_perm("tickets.escalate_ticket"):
            links.append((reverse(f"{base}_escalate", args=[obj.pk]), _("Escalate to second line")))
            if obj.line == Line.SECOND:
                links.append((reverse(f"{base}_return", args=[obj.pk]), _("Return to first line")))
            links.append(
                (reverse(f"{base}_recategorise", args=[obj.pk]), _("Move to another category"))
            )
        if request.user.has_perm("tickets.forward_ticket"):
            links.append((reverse(f"{base}_forward", args=[obj.pk]), _("Wrong desk: forward")))
        return links

    # --- Triage pages (added through get_urls) --------------------------------

    def get_urls(self):
        info = f"{self.opts.app_label}_{self.opts.model_name}"
        wrap = self.admin_site.admin_view
        return [
            path("<int:pk>/escalate/", wrap(self.escalate_view), name=f"{info}_escalate"),
            path("<int:pk>/return/", wrap(self.return_view), name=f"{info}_return"),
            path("<int:pk>/forward/", wrap(self.forward_view), name=f"{info}_forward"),
            path(
                "<int:pk>/recategorise/",
                wrap(self.recategorise_view),
                name=f"{info}_recategorise",
            ),
            *super().get_urls(),
        ]

    def _triage_ticket(self, request, pk: int, permission: str) -> Ticket:
        ticket = get_object_or_404(self.get_queryset(request), pk=pk)
        if not self.has_change_permission(request, ticket):
            raise Http404
        if not request.user.has_perm(permission):
            raise PermissionDenied
        return ticket

    def _triage_page(self, request, ticket, form, title, submit) -> HttpResponse:
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": ticket,
            "title": title,
            "subtitle": f"{ticket.reference} {ticket.subject}",
            "form": form,
            "submit_label": submit,
            "change_url": reverse("admin:tickets_ticket_change", args=[ticket.pk]),
            "has_view_permission": True,
        }
        return TemplateResponse(request, "admin/tickets/ticket/triage.html", context)

    def _run(self, request, ticket, action, **kwargs) -> HttpResponse | None:
        try:
            action(ticket=ticket, acting_user=request.user, **kwargs)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return None
        return self._after_triage(request, ticket)

    def _after_triage(self, request, ticket: Ticket) -> HttpResponse:
        """Land on the request, or on the queue when the move took it out of sight.

        A second-line agent who returns a request (or an agent who moves it to
        another desk) may no longer see it; its change page would answer
        "does not exist", so they go back to their queue with a message.
        """
        if access.staff_may_see(request.user, ticket):
            return HttpResponseRedirect(reverse("admin:tickets_ticket_change", args=[ticket.pk]))
        self.message_user(
            request,
            _("%(reference)s is now out of your queue.") % {"reference": ticket.reference},
            messages.INFO,
        )
        return HttpResponseRedirect(reverse("admin:tickets_ticket_changelist"))

    def escalate_view(self, request, pk: int) -> HttpResponse:
        ticket = self._triage_ticket(request, pk, "tickets.escalate_ticket")
        form = EscalateForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            done = self._run(request, ticket, services.ticket_escalate, **form.cleaned_data)
            if done:
                self.message_user(request, _("Escalated to %(group)s.") % form.cleaned_data)
                return done
        return self._triage_page(request, ticket, form, _("Escalate to second line"), _("Escalate"))

    def return_view(self, request, pk: int) -> HttpResponse:
        ticket = self._triage_ticket(request, pk, "tickets.escalate_ticket")
        form = ReturnForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            done = self._run(
                request, ticket, services.ticket_return_to_first_line, **form.cleaned_data
            )
            if done:
                self.message_user(request, _("Returned to first line."))
                return done
        return self._triage_page(request, ticket, form, _("Return to first line"), _("Return"))

    def forward_view(self, request, pk: int) -> HttpResponse:
        ticket = self._triage_ticket(request, pk, "tickets.forward_ticket")
        form = ForwardForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            done = self._run(
                request, ticket, services.ticket_forward_to_office, **form.cleaned_data
            )
            if done:
                self.message_user(
                    request, _("Forwarded to %(office)s and closed.") % form.cleaned_data
                )
                return done
        return self._triage_page(
            request, ticket, form, _("Wrong desk: forward to another office"), _("Send and close")
        )

    def recategorise_view(self, request, pk: int) -> HttpResponse:
        """Filed under the wrong category: move it, and so to that category's desk."""
        ticket = self._triage_ticket(request, pk, "tickets.escalate_ticket")
        form = RecategoriseForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.ticket_recategorise(
                    ticket=ticket, acting_user=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                # Shown next to the field it is about, with what was typed kept.
                field = (
                    "category"
                    if error.code in ("same_category", "not_fileable", "desk_has_no_agents")
                    else None
                )
                form.add_error(field, error)
            else:
                category = form.cleaned_data["category"]
                if ticket.assignee_id == request.user.pk and not selectors.desk_has_agents(
                    ticket.desk
                ):
                    self.message_user(
                        request,
                        _(
                            "Nobody works at %(desk)s yet: the request is assigned to you "
                            "until agents are added to that desk."
                        )
                        % {"desk": ticket.desk.name},
                        messages.WARNING,
                    )
                self.message_user(
                    request,
                    _("Moved to %(category)s (desk: %(desk)s).")
                    % {"category": category.name, "desk": ticket.desk.name},
                )
                return self._after_triage(request, ticket)
        return self._triage_page(request, ticket, form, _("Move to another category"), _("Move"))

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

    @admin.action(description=gettext_lazy("Assign to me"), permissions=["change"])
    def assign_to_me(self, request, queryset):
        self._each(request, queryset, services.ticket_assign, assignee=request.user)

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

    @admin.action(
        description=gettext_lazy("Change status to the chosen one"), permissions=["change"]
    )
    def change_status(self, request, queryset):
        status = self._action_field(request, "status")
        if not status:
            self.message_user(request, _("Choose a status first."), messages.ERROR)
            return
        self._each(request, queryset, services.ticket_set_status, status=status)

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
class TicketEventAdmin(admin.ModelAdmin):
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

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
