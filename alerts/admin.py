""" "My alerts": each staff member's own alert settings, as a page in the admin.

The model admin has no list and no add or change pages of its own; its
changelist URL is the settings page of whoever opens it, so no one can
reach another person's preferences.
"""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _

from core.admin_mixins import ReadOnlyAdminMixin

from .forms import AlertPreferencesForm
from .models import AlertPreference
from .services import alert_preferences_set


def _is_staff(request: HttpRequest) -> bool:
    user = request.user
    return bool(user.is_active and user.is_staff)


@admin.register(AlertPreference)
class MyAlertsAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    def has_module_permission(self, request) -> bool:
        return _is_staff(request)

    def has_view_permission(self, request, obj=None) -> bool:
        return _is_staff(request) and obj is None

    def get_urls(self):
        info = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path("", self.admin_site.admin_view(self.my_alerts_view), name=f"{info}_changelist"),
        ]

    def my_alerts_view(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        form = AlertPreferencesForm(request.POST or None, user=user)
        if request.method == "POST" and form.is_valid():
            try:
                alert_preferences_set(user=user, modes=form.modes(), acting_user=user)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                self.message_user(request, _("Your alerts are saved."), messages.SUCCESS)
                return HttpResponseRedirect(reverse("admin:alerts_alertpreference_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("My alerts"),
            "form": form,
        }
        return TemplateResponse(request, "admin/alerts/my_alerts.html", context)
