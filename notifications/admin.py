"""The outbox in the admin: find a mail, read it, resend or cancel it.

Built for a table with millions of rows: no exact counts (the paginator
counts at most ``COUNT_CAP`` rows), no DISTINCT over the whole table for the
event filter, searches that hit an index.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.clickjacking import xframe_options_sameorigin

from . import services
from .models import MailPreference, OutboxMail, OutboxMailEvent

COUNT_CAP = 10_000
# The policy of a mail's HTML body shown in the admin (html_body_view).
MAIL_PREVIEW_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; "
    "frame-ancestors 'self'; form-action 'none'; base-uri 'none'; sandbox"
)
RECENT_EVENTS_WINDOW = 1_000


class CappedCountPaginator(Paginator):
    """Counts at most ``COUNT_CAP`` rows, so a page costs the same at any size."""

    @cached_property
    def count(self) -> int:
        return self.object_list.order_by()[:COUNT_CAP].count()


class RecentEventFilter(admin.SimpleListFilter):
    """Events seen among the newest mails (not a DISTINCT over all of them)."""

    title = _("event")
    parameter_name = "event"

    def lookups(self, request, model_admin):
        recent = OutboxMail.objects.order_by("-created_at", "-id").values_list("event", flat=True)
        events = sorted(set(recent[:RECENT_EVENTS_WINDOW]))
        return [(event, event) for event in events]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(event=self.value())
        return queryset


class OutboxMailEventInline(admin.TabularInline):
    model = OutboxMailEvent
    extra = 0
    can_delete = False
    fields = ("created_at", "type", "acting_user", "data")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(OutboxMail)
class OutboxMailAdmin(admin.ModelAdmin):
    """Read-only outbox; the only changes are the resend and cancel actions."""

    list_display = ("created_at", "event", "recipient_email", "status", "attempts", "sent_at")
    list_filter = ("status", RecentEventFilter, ("created_at", admin.DateFieldListFilter))
    list_select_related = ("user",)
    search_fields = ("recipient_email",)
    search_help_text = _("The full address of the recipient, or a Message-ID.")
    show_full_result_count = False
    paginator = CappedCountPaginator
    list_per_page = 50
    ordering = ("-created_at", "-id")
    actions = ("resend_mails", "cancel_mails")
    inlines = (OutboxMailEventInline,)
    raw_id_fields = ("user",)
    fieldsets = (
        (None, {"fields": ("event", "status", "recipient_email", "recipient_name", "user")}),
        (
            _("Delivery"),
            {
                "fields": (
                    "attempts",
                    "last_error",
                    "created_at",
                    "next_attempt_at",
                    "claimed_at",
                    "sent_at",
                )
            },
        ),
        (
            _("Message"),
            {
                "fields": (
                    "subject",
                    "language",
                    "message_id",
                    "thread_key",
                    "optional_kind",
                    "text_preview",
                    "html_preview",
                )
            },
        ),
    )

    def get_readonly_fields(self, request, obj=None):
        return [field for fieldset in self.fieldsets for field in fieldset[1]["fields"]]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def get_search_results(self, request, queryset, search_term):
        """Exact matches only: a B-tree lookup instead of a scan of every row."""
        term = search_term.strip()
        if not term:
            return queryset, False
        return queryset.filter(
            Q(recipient_email=term) | Q(recipient_email=term.lower()) | Q(message_id=term)
        ), False

    class Media:
        css = {"all": ("notifications/admin.css",)}  # the bodies' layout

    @admin.display(description=_("text body"))
    def text_preview(self, obj: OutboxMail) -> str:
        return format_html('<pre class="mail-text-body">{}</pre>', obj.body_text)

    @admin.display(description=_("HTML body"))
    def html_preview(self, obj: OutboxMail) -> str:
        if not obj.body_html:
            return "—"
        # A srcdoc frame would inherit the admin's Content-Security-Policy,
        # which refuses the mail's inline styles (mail clients need them); the
        # frame loads the body from html_body_view with a policy of its own.
        return format_html(
            '<iframe sandbox="" title="{}" src="{}" class="mail-html-body"></iframe>',
            _("Preview of the HTML body"),
            reverse("admin:notifications_outboxmail_html_body", args=[obj.pk]),
        )

    def get_urls(self):
        view = self.admin_site.admin_view(self.html_body_view)
        return [
            path("<int:pk>/html-body/", view, name="notifications_outboxmail_html_body"),
            *super().get_urls(),
        ]

    @method_decorator(xframe_options_sameorigin)
    def html_body_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """A mail's HTML body alone, for the preview frame of the change page.

        Whoever may view the mail in this admin may read its body here (the
        same queryset and permission). The mail's HTML keeps its inline styles
        but can run nothing: its own policy allows inline styles and images
        only, forbids scripts, plugins and forms, and sandboxes the document
        even when it is opened outside the frame.
        """
        mail = get_object_or_404(self.get_queryset(request), pk=pk)
        if not self.has_view_permission(request, mail):
            raise PermissionDenied
        response = HttpResponse(mail.body_html)
        response["Content-Security-Policy"] = MAIL_PREVIEW_POLICY
        return response

    def _apply(self, request, queryset, service) -> int:
        """Call ``service`` per selected mail; report refusals; return how many worked."""
        done = 0
        for mail in queryset[: self.list_per_page * 4]:
            try:
                service(mail=mail, acting_user=request.user)
            except ValidationError as error:
                self.message_user(request, f"{mail}: {' '.join(error.messages)}", messages.WARNING)
            else:
                done += 1
        return done

    @admin.action(description=_("Send the selected mails again"), permissions=["change"])
    def resend_mails(self, request, queryset) -> None:
        done = self._apply(request, queryset, services.outbox_mail_resend)
        if done:
            message = ngettext(
                "%(count)d mail queued again.", "%(count)d mails queued again.", done
            )
            self.message_user(request, message % {"count": done}, messages.SUCCESS)

    @admin.action(description=_("Cancel the selected mails"), permissions=["change"])
    def cancel_mails(self, request, queryset) -> None:
        done = self._apply(request, queryset, services.outbox_mail_cancel)
        if done:
            message = ngettext("%(count)d mail cancelled.", "%(count)d mails cancelled.", done)
            self.message_user(request, message % {"count": done}, messages.SUCCESS)


@admin.register(MailPreference)
class MailPreferenceAdmin(admin.ModelAdmin):
    list_display = ("user", "disabled_kinds", "updated_at")
    raw_id_fields = ("user",)
    search_fields = ("=user__email",)
    show_full_result_count = False
    readonly_fields = ("user", "disabled_kinds", "updated_at")

    def has_add_permission(self, request) -> bool:
        return False
