"""The lead dashboard, shown as the admin page of the daily rollups (Insight → Dashboard)."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from core.admin_mixins import ReadOnlyAdminMixin
from tickets import access

from .charts import chart_for
from .csv import table_csv
from .forms import DashboardFilterForm
from .models import DailyRollup
from .selectors import dashboard_tables


@admin.register(DailyRollup)
class DashboardAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """No rows to edit: the change list is the dashboard, scoped by ``access.dashboard_desks``."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return access.may_view_dashboard(request.user)

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return obj is None and self.has_module_permission(request)

    def changelist_view(self, request: HttpRequest, extra_context=None) -> HttpResponse:
        """Validate the period and desk, read the figures, draw them (or a CSV of one)."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        desks = access.dashboard_desks(request.user).order_by("pk")
        form = DashboardFilterForm(request.GET or None, desks=desks)
        tables = []
        status = 200
        if not request.GET or form.is_valid():
            data = form.cleaned_data if request.GET else _defaults(form)
            desk = data.get("desk")
            sees_all = access.staff_sees_everything(request.user)
            desk_ids = (
                [desk.pk]
                if desk
                else (None if sees_all else list(desks.values_list("pk", flat=True)))
            )
            tables = dashboard_tables(desks=desks, desk_ids=desk_ids, period=data["range"])
            wanted = request.GET.get("export", "")
            if wanted:
                for table in tables:
                    if table.key == wanted:
                        period = data["range"]
                        return table_csv(table, f"{table.key}-{period.first}-{period.last}.csv")
                form.add_error(
                    None, _("There is no table “%(name)s” to download.") % {"name": wanted[:40]}
                )
                tables, status = [], 400
        else:
            status = 400
        query = request.GET.copy()
        query.pop("export", None)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Dashboard"),
            "opts": self.model._meta,
            "form": form,
            "figures": [(table, chart_for(table)) for table in tables],
            "query": query.urlencode(),
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/insights/dashboard.html", context, status=status)


def _defaults(form: DashboardFilterForm) -> dict:
    """An empty query string: the last four weeks, all desks."""
    bound = DashboardFilterForm({"period": "4weeks"}, desks=form.fields["desk"].queryset)
    bound.is_valid()
    return bound.cleaned_data
