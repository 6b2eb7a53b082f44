"""Admin for what the lead configures: desks, groups, offices, answers, matrix, SLA."""

from django.contrib import admin
from django.http import HttpRequest

from tickets.models import (
    Category,
    Desk,
    DeskSettings,
    Holiday,
    Office,
    OpeningHours,
    PriorityRule,
    ResolverGroup,
    SlaTarget,
    StandardAnswer,
)

from .hours import OpeningHoursForm, OpeningHoursFormSet


@admin.register(Desk)
class DeskAdmin(admin.ModelAdmin):
    # Named: the names come from core.models.BilingualName, which would put them first.
    fields = ("slug", "name_nl", "name_en", "is_active", "agents")
    list_display = ("name_nl", "name_en", "slug", "is_active")
    search_fields = ("name_nl", "name_en", "slug")
    prepopulated_fields = {"slug": ("name_en",)}
    autocomplete_fields = ("agents",)


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    fields = ("parent", "slug", "name_nl", "name_en", "default_desk", "position", "is_active")
    list_display = ("name_nl", "name_en", "parent", "default_desk", "position", "is_active")
    list_filter = ("is_active", "default_desk")
    list_select_related = ("parent", "default_desk")
    search_fields = ("name_nl", "name_en", "slug")
    autocomplete_fields = ("parent",)
    prepopulated_fields = {"slug": ("name_en",)}


@admin.register(ResolverGroup)
class ResolverGroupAdmin(admin.ModelAdmin):
    fields = ("slug", "name_nl", "name_en", "desk", "members", "is_active")
    list_display = ("name_nl", "name_en", "desk", "is_active")
    list_filter = ("desk", "is_active")
    list_select_related = ("desk",)
    search_fields = ("name_nl", "name_en", "slug")
    prepopulated_fields = {"slug": ("name_en",)}
    autocomplete_fields = ("members",)


@admin.register(Office)
class OfficeAdmin(admin.ModelAdmin):
    list_display = ("name_nl", "email", "phone", "website", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name_nl", "name_en", "email")


@admin.register(StandardAnswer)
class StandardAnswerAdmin(admin.ModelAdmin):
    list_display = ("title", "purpose", "is_active")
    list_filter = ("purpose", "is_active")
    search_fields = ("title", "body_nl", "body_en")


@admin.register(PriorityRule)
class PriorityRuleAdmin(admin.ModelAdmin):
    """The impact x urgency matrix: one row per cell, the priority editable in the list."""

    list_display = ("impact", "urgency", "priority")
    list_editable = ("priority",)
    list_display_links = None
    ordering = ("-impact", "-urgency")


@admin.register(DeskSettings)
class DeskSettingsAdmin(admin.ModelAdmin):
    list_display = ("__str__", "emergency_phone", "survey_delay_hours")

    def has_add_permission(self, request: HttpRequest) -> bool:
        # The one row comes from the data migration (and DeskSettings.load());
        # no query here, because the admin asks this on every page's sidebar.
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(SlaTarget)
class SlaTargetAdmin(admin.ModelAdmin):
    list_display = ("priority", "response_minutes", "resolution_minutes")
    list_editable = ("response_minutes", "resolution_minutes")
    list_display_links = ("priority",)


@admin.register(OpeningHours)
class OpeningHoursAdmin(admin.ModelAdmin):
    list_display = ("weekday", "opens", "closes")
    list_editable = ("opens", "closes")
    list_display_links = ("weekday",)

    def get_form(self, request, obj=None, **kwargs):
        kwargs["form"] = OpeningHoursForm
        return super().get_form(request, obj, **kwargs)

    def get_changelist_formset(self, request, **kwargs):
        kwargs["formset"] = OpeningHoursFormSet
        return super().get_changelist_formset(request, **kwargs)


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin):
    list_display = ("date", "name")
    date_hierarchy = "date"
