"""The lead changes the theme here: one row, no list, no delete."""

from django.contrib import admin
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse

from .models import Theme
from .services import theme_save


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    fields = ["university_name", "brand_colour", "logo", "favicon", "footer_links"]

    # No "exists?" query in has_add_permission: the admin asks it on every page
    # (the side bar). Saving always writes row 1 (services.theme_save), so a
    # second "add" replaces the theme rather than making another.

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def changelist_view(self, request: HttpRequest, extra_context=None):
        """Straight to the one row (created blank on first visit by the add form)."""
        if Theme.objects.filter(pk=Theme.SINGLETON_PK).exists():
            url = reverse("admin:branding_theme_change", args=[Theme.SINGLETON_PK])
        else:
            url = reverse("admin:branding_theme_add")
        return HttpResponseRedirect(url)

    def save_model(self, request: HttpRequest, obj: Theme, form, change: bool) -> None:
        theme_save(theme=obj, acting_user=request.user)
