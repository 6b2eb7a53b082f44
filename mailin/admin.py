"""Inbound mail in the admin: the held list, the original message, file or discard.

Who sees which mail is ``tickets.access.inbound_mails_visible_to`` (one rule); the
actions call the services, so each leaves who did it on the row.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import selectors, services
from .models import InboundMessage

ORIGINAL_SHOWN = 200_000  # characters of the original shown on the page; the rest downloads


@admin.register(InboundMessage)
class InboundMessageAdmin(admin.ModelAdmin):
    list_display = ("received_at", "status", "reason", "sender_email", "subject", "request_link")
    list_display_links = ("sender_email", "subject")
    list_filter = ("status", "reason")
    search_fields = ("=sender_email", "=message_id", "=ticket__reference", "subject")
    list_select_related = ("ticket",)
    date_hierarchy = None
    show_full_result_count = False
    actions = ("file_as_new", "discard")
    fields = (
        "status", "reason", "detail", "sender_email", "sender_name", "subject", "message_id",
        "received_at", "processed_at", "acting_user", "request_link", "size", "original",
    )  # fmt: skip
    readonly_fields = fields

    class Media:
        # The desk's admin styles: underlined breadcrumbs (axe: link-in-text-block).
        css = {"all": ("tickets/admin.css",)}

    # --- Who sees what ------------------------------------------------------

    def get_queryset(self, request: HttpRequest):
        return selectors.inbound_visible_to(request.user).select_related("ticket", "acting_user")

    def _may_see(self, request: HttpRequest, obj: InboundMessage | None) -> bool:
        return obj is None or selectors.inbound_visible_to(request.user).filter(pk=obj.pk).exists()

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return super().has_view_permission(request, obj) and self._may_see(request, obj)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return super().has_change_permission(request, obj) and self._may_see(request, obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # mail arrives through the mailbox only

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False  # the record of what arrived stays complete

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # Every field is read-only: the page shows the mail, the actions change it.
        extra_context = {
            **(extra_context or {}),
            "show_save": False,
            "show_save_and_continue": False,
            "show_save_and_add_another": False,
        }
        return super().change_view(request, object_id, form_url, extra_context)

    # --- Columns --------------------------------------------------------------

    @admin.display(description=gettext_lazy("request"))
    def request_link(self, obj: InboundMessage) -> str:
        if obj.ticket_id is None:
            return "—"
        url = reverse("admin:tickets_ticket_change", args=[obj.ticket_id])
        return format_html('<a href="{}">{}</a>', url, obj.ticket.reference)

    @admin.display(description=gettext_lazy("original message"))
    def original(self, obj: InboundMessage) -> str:
        if not obj.raw:
            return "—"
        with obj.raw.open("rb") as handle:
            text = handle.read(ORIGINAL_SHOWN * 4).decode("utf-8", errors="replace")
        url = reverse("admin:mailin_inboundmessage_original", args=[obj.pk])
        return format_html(
            '<p><a href="{}">{}</a></p><pre class="mailin-original" tabindex="0">{}</pre>',
            url,
            _("Download the original (.eml)"),
            text[:ORIGINAL_SHOWN],
        )

    # --- The original as a file ------------------------------------------------

    def get_urls(self):
        return [
            path(
                "<int:pk>/original/",
                self.admin_site.admin_view(self.original_download),
                name="mailin_inboundmessage_original",
            ),
            *super().get_urls(),
        ]

    def original_download(self, request: HttpRequest, pk: int) -> FileResponse:
        inbound = get_object_or_404(self.get_queryset(request), pk=pk)
        if not self.has_view_permission(request, inbound):
            raise PermissionDenied
        if not inbound.raw:
            raise Http404
        response = FileResponse(
            inbound.raw.open("rb"),
            as_attachment=True,
            filename=f"mail-{inbound.pk}.eml",
            content_type="message/rfc822",
        )
        response["X-Content-Type-Options"] = "nosniff"
        return response

    # --- Actions -----------------------------------------------------------------

    def _each(self, request, queryset, service, done: str) -> None:
        count = 0
        for inbound in queryset:
            try:
                service(inbound=inbound, acting_user=request.user)
            except ValidationError as error:
                self.message_user(
                    request, f"{inbound}: {' '.join(error.messages)}", level=messages.ERROR
                )
            else:
                count += 1
        if count:
            self.message_user(request, done % {"count": count}, level=messages.SUCCESS)

    @admin.action(description=gettext_lazy("File as a new request"), permissions=["change"])
    def file_as_new(self, request, queryset) -> None:
        self._each(
            request, queryset, services.inbound_file_as_new,
            _("%(count)d mail(s) filed as new requests."),
        )  # fmt: skip

    @admin.action(description=gettext_lazy("Discard"), permissions=["change"])
    def discard(self, request, queryset) -> None:
        self._each(request, queryset, services.inbound_discard, _("%(count)d mail(s) discarded."))
