"""The outbox in the admin: find a mail, read it, resend or cancel it.

Built for a table with millions of rows: no exact counts (the paginator
counts at most ``COUNT_CAP`` rows), no DISTINCT over the whole table for the
event filter, searches that hit an index.

Who sees which mail is not decided here: ``scope.mails_visible_to`` asks
the tickets app's access module (the same rule as for the request itself),
so an agent sees the mails of the requests they may see and never a
security mail; the actions and the change page only ever reach rows of
that queryset, and any other id gets the admin's "does not exist" answer.
A mail that may hold a secret link is shown with its links hidden, and a
security mail opened by someone allowed to read it leaves an audit row.
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

from core.admin_mixins import ReadOnlyAdminMixin

from . import kinds, services
from .models import MailPreference, OutboxMail, OutboxMailEvent
from .scope import mails_visible_to, may_read_security_mail

COUNT_CAP = 10_000
LINK_HIDDEN = _("[link hidden]")
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
        visible = model_admin.get_queryset(request)
        recent = visible.order_by("-created_at", "-id").values_list("event", flat=True)
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

    class Media:
        # The staff pages' shared admin styles (underlined breadcrumbs for
        # axe) and the layout of a mail's bodies.
        css = {"all": ("tickets/admin.css", "notifications/admin.css")}

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

    def get_queryset(self, request):
        return mails_visible_to(request.user, super().get_queryset(request))

    def _hides_links(self, request, obj: OutboxMail | None) -> bool:
        """Whether this reader sees the body with its links hidden."""
        return (
            obj is not None
            and kinds.may_hold_secret_link(obj.event)
            and not may_read_security_mail(request.user)
        )

    def get_fieldsets(self, request, obj=None):
        if not self._hides_links(request, obj):
            return self.fieldsets
        swap = {"text_preview": "text_redacted", "html_preview": "html_redacted"}
        return [
            (name, {**options, "fields": tuple(swap.get(f, f) for f in options["fields"])})
            for name, options in self.fieldsets
        ]

    def get_readonly_fields(self, request, obj=None):
        fieldsets = self.get_fieldsets(request, obj)
        return [field for fieldset in fieldsets for field in fieldset[1]["fields"]]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        """Opening a security mail shows its code or link: write who read it, and when."""
        if obj is not None and kinds.mail_class(obj.event) == kinds.MailClass.SECURITY:
            services.outbox_mail_record_read(mail=obj, acting_user=request.user)
        return super().render_change_form(request, context, add, change, form_url, obj)

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

    @admin.display(description=_("text body"))
    def text_preview(self, obj: OutboxMail) -> str:
        return format_html('<pre class="mail-text-body">{}</pre>', obj.body_text)

    @admin.display(description=_("HTML body"))
    def html_preview(self, obj: OutboxMail) -> str:
        if not obj.body_html:
            return "—"
        return self.html_frame(obj)

    def html_frame(self, obj: OutboxMail) -> str:
        # A srcdoc frame would inherit the admin's Content-Security-Policy,
        # which refuses the mail's inline styles (mail clients need them); the
        # frame loads the body from html_body_view with a policy of its own.
        return format_html(
            '<iframe sandbox="" title="{}" src="{}" class="mail-html-body"></iframe>',
            _("Preview of the HTML body"),
            reverse("admin:notifications_outboxmail_html_body", args=[obj.pk]),
        )

    @admin.display(description=_("text body"))
    def text_redacted(self, obj: OutboxMail) -> str:
        return format_html(
            '<p class="help">{}</p><pre class="mail-text-body">{}</pre>',
            _("The links in this mail are hidden: they may give access to a request."),
            kinds.redact_links(obj.body_text, str(LINK_HIDDEN)),
        )

    @admin.display(description=_("HTML body"))
    def html_redacted(self, obj: OutboxMail) -> str:
        # html_body_view hides the links for this reader too (_hides_links).
        if not obj.body_html:
            return "—"
        return self.html_frame(obj)

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
        same scoped queryset and permission), with its links hidden exactly
        when the change page hides them. The mail's HTML keeps its inline
        styles but can run nothing: its own policy allows inline styles and
        images only, forbids scripts, plugins and forms, and sandboxes the
        document even when it is opened outside the frame.
        """
        mail = get_object_or_404(self.get_queryset(request), pk=pk)
        if not self.has_view_permission(request, mail):
            raise PermissionDenied
        body = mail.body_html
        if self._hides_links(request, mail):
            body = kinds.redact_links(body, str(LINK_HIDDEN))
        response = HttpResponse(body)
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


@admin.register(OutboxMailEvent)
class OutboxMailEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The outbox audit trail (resends, cancels, reads of security mails): superusers only."""

    list_display = ("created_at", "type", "mail", "acting_user")
    list_filter = ("type",)
    list_select_related = ("mail", "acting_user")
    show_full_result_count = False
    paginator = CappedCountPaginator
    ordering = ("-created_at", "-id")
    readonly_fields = ("mail", "type", "acting_user", "data", "created_at")

    def has_module_permission(self, request) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.is_active and request.user.is_superuser


@admin.register(MailPreference)
class MailPreferenceAdmin(admin.ModelAdmin):
    list_display = ("user", "disabled_kinds", "updated_at")
    raw_id_fields = ("user",)
    search_fields = ("=user__email",)
    show_full_result_count = False
    readonly_fields = ("user", "disabled_kinds", "updated_at")

    def has_add_permission(self, request) -> bool:
        return False
