from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Users with their university identities; counts are not exact on big lists."""

    list_display = ("username", "email", "kind", "student_number", "alumni_number", "is_staff")
    list_filter = ("kind", "is_staff", "is_active")
    search_fields = (
        "username",
        "email",
        "first_name",
        "last_name",
        "student_number",
        "alumni_number",
    )
    show_full_result_count = False
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (
            _("University identity"),
            {
                "fields": (
                    "kind",
                    "student_number",
                    "alumni_number",
                    "alternate_email",
                    "preferred_language",
                )
            },
        ),
    )
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        (
            _("University identity"),
            {"fields": ("kind", "email", "student_number", "alumni_number")},
        ),
    )
