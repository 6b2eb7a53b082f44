from django.contrib import admin

from .models import Category, Desk


@admin.register(Desk)
class DeskAdmin(admin.ModelAdmin):
    list_display = ("name_nl", "name_en", "slug", "is_active")
    search_fields = ("name_nl", "name_en", "slug")
    prepopulated_fields = {"slug": ("name_en",)}


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("name_nl", "name_en", "parent", "default_desk", "position", "is_active")
    list_filter = ("is_active", "default_desk")
    list_select_related = ("parent", "default_desk")
    search_fields = ("name_nl", "name_en", "slug")
    autocomplete_fields = ("parent",)
    prepopulated_fields = {"slug": ("name_en",)}
