"""A read-only list of the survey invitations for leads: who was asked, who answered, how."""

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.admin_mixins import ReadOnlyAdminMixin
from tickets import access

from .models import SurveyInvitation


class SentFilter(admin.SimpleListFilter):
    title = _("mailed")
    parameter_name = "sent"

    def lookups(self, request, model_admin):
        return (("yes", _("Survey mailed")), ("no", _("Skipped (surveys switched off)")))

    def queryset(self, request, queryset: QuerySet) -> QuerySet:
        if self.value() in ("yes", "no"):
            return queryset.filter(mail__isnull=self.value() == "no")
        return queryset


class AnsweredFilter(admin.SimpleListFilter):
    title = _("answered")
    parameter_name = "answered"

    def lookups(self, request, model_admin):
        return (("yes", _("Answered")), ("no", _("Not answered")))

    def queryset(self, request, queryset: QuerySet) -> QuerySet:
        if self.value() in ("yes", "no"):
            return queryset.filter(ticket__rating__isnull=self.value() == "no")
        return queryset


class ScoreFilter(admin.SimpleListFilter):
    title = _("score")
    parameter_name = "score"

    def lookups(self, request, model_admin):
        return tuple((str(n), str(n)) for n in range(1, 6))

    def queryset(self, request, queryset: QuerySet) -> QuerySet:
        if self.value() in {str(n) for n in range(1, 6)}:
            return queryset.filter(ticket__rating=int(self.value()))
        return queryset


@admin.register(SurveyInvitation)
class SurveyInvitationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Leads only (the dashboard's people), scoped by ``access``; nothing can be changed."""

    list_display = ("request_link", "desk", "created_at", "mailed", "score", "comment")
    list_filter = (SentFilter, AnsweredFilter, ScoreFilter)
    # The row links to its request, not to an (empty, read-only) change page.
    list_display_links = None
    list_select_related = ("ticket", "ticket__desk")
    search_fields = ("=ticket__reference",)
    date_hierarchy = None
    ordering = ("-created_at",)
    show_full_result_count = False

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return access.survey_invitations_visible_to(request.user, super().get_queryset(request))

    def has_module_permission(self, request: HttpRequest) -> bool:
        return access.may_view_dashboard(request.user)

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return self.has_module_permission(request)

    @admin.display(description=_("request"), ordering="ticket__reference")
    def request_link(self, obj: SurveyInvitation) -> str:
        url = reverse("admin:tickets_ticket_change", args=[obj.ticket_id])
        return format_html('<a href="{}">{}</a>', url, obj.ticket.reference)

    @admin.display(description=_("desk"))
    def desk(self, obj: SurveyInvitation) -> str:
        return obj.ticket.desk.name

    @admin.display(description=_("mailed"), boolean=True)
    def mailed(self, obj: SurveyInvitation) -> bool:
        return obj.mail_id is not None

    @admin.display(description=_("score"), ordering="ticket__rating")
    def score(self, obj: SurveyInvitation) -> str:
        return "-" if obj.ticket.rating is None else str(obj.ticket.rating)

    @admin.display(description=_("comment"))
    def comment(self, obj: SurveyInvitation) -> str:
        return obj.ticket.rating_comment[:120]
