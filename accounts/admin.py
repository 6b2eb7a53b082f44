from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from . import services
from .models import AccountEvent, User


def login_through_allauth(request: HttpRequest, extra_context=None) -> HttpResponse:
    """The admin's login is allauth's: its rate limits and MFA apply to staff too.

    A signed-in staff member goes on to where they were going; anyone else is
    sent to the portal login with ``next`` kept.
    """
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = reverse("admin:index")
    if request.user.is_active and request.user.is_staff:
        return HttpResponseRedirect(next_url)
    return redirect_to_login(next_url, login_url=reverse("account_login"))


admin.site.login = login_through_allauth

# Hashing an initial password takes about half a second (benchmarks/
# import_students.py), so the web upload stays small enough for one request.
ADMIN_IMPORT_MAX_ROWS = 200


class StudentImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("CSV file from the registrar"),
        help_text=gettext_lazy(
            "Columns: student_number, email, first_name, last_name, initial_password. UTF-8."
        ),
    )


class AccountEventInline(admin.TabularInline):
    model = AccountEvent
    fk_name = "user"
    extra = 0
    can_delete = False
    fields = ("created_at", "type", "acting_user", "data")
    readonly_fields = fields
    ordering = ("-created_at",)
    max_num = 0
    show_change_link = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("acting_user")


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Users with their university identities; counts are not exact on big lists."""

    list_display = (
        "username",
        "email",
        "kind",
        "student_number",
        "alumni_number",
        "is_active",
        "is_staff",
    )
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
    actions = ["enable_welcome_accounts"]
    inlines = [AccountEventInline]
    readonly_fields = ("activated_at",)
    change_list_template = "admin/accounts/user/change_list.html"
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (
            gettext_lazy("University identity"),
            {
                "fields": (
                    "kind",
                    "student_number",
                    "alumni_number",
                    "alternate_email",
                    "preferred_language",
                    "activated_at",
                )
            },
        ),
    )
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        (
            gettext_lazy("University identity"),
            {"fields": ("kind", "email", "student_number", "alumni_number")},
        ),
    )

    @admin.action(
        description=gettext_lazy("Switch on the selected welcome accounts (mails the prospect)"),
        permissions=["change"],
    )
    def enable_welcome_accounts(self, request: HttpRequest, queryset) -> None:
        enabled = 0
        for user in queryset.filter(kind=User.Kind.PROSPECT, is_active=False).iterator():
            enabled += services.prospect_enable(user=user, acting_user=request.user)
        self.message_user(
            request,
            ngettext(
                "%(count)d welcome account switched on.",
                "%(count)d welcome accounts switched on.",
                enabled,
            )
            % {"count": enabled},
            messages.SUCCESS,
        )

    def get_urls(self):
        extra = [
            path(
                "import-students/",
                self.admin_site.admin_view(self.import_students_view),
                name="accounts_user_import_students",
            )
        ]
        return extra + super().get_urls()

    def import_students_view(self, request: HttpRequest) -> HttpResponse:
        """Upload the registrar's CSV; bad rows are listed with their line numbers."""
        if not self.has_add_permission(request):
            return HttpResponseRedirect(reverse("admin:index"))
        form = StudentImportForm(request.POST or None, request.FILES or None)
        report = None
        if request.method == "POST" and form.is_valid():
            raw = form.cleaned_data["file"].read()
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                form.add_error("file", _("The file is not UTF-8 text."))
            else:
                rows = text.count("\n")
                if rows > ADMIN_IMPORT_MAX_ROWS:
                    form.add_error(
                        "file",
                        _(
                            "This file has about %(rows)d rows; the admin imports at most "
                            "%(max)d at a time (each initial password is hashed, which "
                            "takes a moment). Use “manage.py import_students” for big files."
                        )
                        % {"rows": rows, "max": ADMIN_IMPORT_MAX_ROWS},
                    )
                else:
                    report = services.students_import_csv(text=text, acting_user=request.user)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Import students"),
            "form": form,
            "report": report,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/accounts/user/import_students.html", context)
