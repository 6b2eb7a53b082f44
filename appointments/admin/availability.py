"""Availability per desk, managed by the servicedesk lead in the admin."""

from django.contrib import admin

from core.window_forms import InlineWindowsFormSet
from tickets.access import desks_managed_by

from ..models import AppointmentHours, AppointmentSchedule, Closure, Location


class HoursInline(admin.TabularInline):
    """The schedule's weekly windows; two on one weekday may not overlap."""

    model = AppointmentHours
    formset = InlineWindowsFormSet
    extra = 0


@admin.register(AppointmentSchedule)
class AppointmentScheduleAdmin(admin.ModelAdmin):
    list_display = (
        "desk",
        "slot_minutes",
        "offers_desk",
        "offers_phone",
        "offers_remote",
        "is_active",
    )
    list_select_related = ("desk",)
    autocomplete_fields = ("agents",)
    inlines = (HoursInline,)
    fieldsets = (
        (None, {"fields": ("desk", "is_active", "agents")}),
        (None, {"fields": ("offers_desk", "offers_phone", "offers_remote")}),
        (
            None,
            {
                "fields": (
                    "slot_minutes",
                    "horizon_days",
                    "min_notice_minutes",
                    "change_cutoff_hours",
                )
            },
        ),
    )

    def get_queryset(self, request):
        return desks_managed_by(request.user, super().get_queryset(request).select_related("desk"))


@admin.register(Location)
class LocationAdmin(admin.ModelAdmin):
    # Named: the names come from core.models.BilingualName, which would put them first.
    fields = ("desk", "name_nl", "name_en", "address", "is_active")
    list_display = ("name_nl", "name_en", "address", "desk", "is_active")
    list_select_related = ("desk",)
    list_filter = ("desk", "is_active")

    def get_queryset(self, request):
        return desks_managed_by(request.user, super().get_queryset(request))


@admin.register(Closure)
class ClosureAdmin(admin.ModelAdmin):
    list_display = ("desk", "agent", "starts_at", "ends_at", "reason")
    list_select_related = ("desk", "agent")
    list_filter = ("desk",)
    autocomplete_fields = ("agent",)
    show_full_result_count = False

    def get_queryset(self, request):
        return desks_managed_by(request.user, super().get_queryset(request))
