from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from core.admin_mixins import ReadOnlyAdminMixin

from . import services, student_imports
from .models import AccountEvent, StudentImport, User


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


def may_import_students(user) -> bool:
    """Who may import students, and so follow the imports: those who may add users."""
    return user.is_active and user.is_staff and user.has_perm("accounts.add_user")


class StudentImportForm(forms.Form):
    """The registrar's CSV, checked before a job is made (size, encoding, columns)."""

    file = forms.FileField(
        label=gettext_lazy("CSV file from the registrar"),
        help_text=gettext_lazy(
            "Columns: student_number, email, first_name, last_name, initial_password. UTF-8."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        self.raw, self.rows = student_imports.student_import_check_file(upload=upload)
        return upload


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
    # Who may grant rights: only a superuser. An account administrator
    # (change_user) edits identities and switches accounts on, but could
    # otherwise make themselves superuser or join any role.
    rights_fields = ("is_superuser", "is_staff", "groups", "user_permissions")
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

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        fields = tuple(super().get_readonly_fields(request, obj))
        if request.user.is_superuser:
            return fields
        return (*fields, *self.rights_fields)

    @admin.action(
        description=gettext_lazy("Switch on the selected welcome accounts (mails the prospect)"),
        permissions=["change"],
    )
    def enable_welcome_accounts(self, request: HttpRequest, queryset) -> None:
        enabled = 0
        for user in queryset.filter(kind=User.Kind.PROSPECT).iterator():
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
        """Upload the registrar's CSV: checked now, imported by a worker, followed on its page.

        Every upload becomes a job, small or big, so each import has one
        record (counts, refused rows by line) and one summary mail.
        """
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = StudentImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            job = student_imports.student_import_create(
                raw=form.raw,
                file_name=form.cleaned_data["file"].name,
                rows_total=form.rows,
                acting_user=request.user,
            )
            self.message_user(
                request,
                _("The import is queued. This page shows its progress; you get a mail when done."),
                messages.SUCCESS,
            )
            return HttpResponseRedirect(
                reverse("admin:accounts_studentimport_change", args=[job.pk])
            )
        context = {
            **self.admin_site.each_context(request),
            "title": _("Import students"),
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/accounts/user/import_students.html", context)


@admin.register(StudentImport)
class StudentImportAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only jobs of the background import, for those who may import students."""

    list_display = (
        "created_at",
        "file_name",
        "uploaded_by",
        "status",
        "progress",
        "created",
        "updated",
        "unchanged",
        "refused",
    )
    list_filter = ("status",)
    list_select_related = ("uploaded_by",)
    show_full_result_count = False
    change_form_template = "admin/accounts/studentimport/change_form.html"
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "file_name",
                    "uploaded_by",
                    "created_at",
                    "status",
                    "progress",
                    ("created", "updated", "unchanged", "refused"),
                    ("started_at", "finished_at"),
                    "last_error",
                )
            },
        ),
        (gettext_lazy("Rows not imported"), {"fields": ("refused_rows",)}),
    )
    readonly_fields = (
        "file_name",
        "uploaded_by",
        "created_at",
        "status",
        "progress",
        "created",
        "updated",
        "unchanged",
        "refused",
        "started_at",
        "finished_at",
        "last_error",
        "refused_rows",
    )

    def has_module_permission(self, request: HttpRequest) -> bool:
        return may_import_students(request.user)

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return may_import_students(request.user)

    @admin.display(description=gettext_lazy("rows processed"))
    def progress(self, job: StudentImport) -> str:
        return f"{job.rows_done} / {job.rows_total}"

    @admin.display(description=gettext_lazy("Rows not imported"))
    def refused_rows(self, job: StudentImport) -> str:
        errors = job.errors.values_list("line", "message")
        if not errors:
            return self.get_empty_value_display()
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                "<li>{}</li>",
                (
                    (_("Line %(line)s: %(message)s") % {"line": line, "message": message},)
                    for line, message in errors
                ),
            ),
        )
