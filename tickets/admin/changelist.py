"""The request list's ChangeList: the admin's own, with its per-row work done once per page.

At 50 rows a page the admin's per-row costs add up to a good share of the
list's time (issue 23): a ``reverse()`` for every row's link, and joins and
columns the list never shows. Everything else (filters, search, ordering,
paging, the scoping in ``get_queryset``) is the admin's.
"""

from django.contrib.admin.utils import quote
from django.contrib.admin.views.main import ChangeList
from django.urls import reverse
from django.utils.functional import cached_property

PK_MARK = "__pk__"
# What the columns read (workspace.py, TicketAdmin.sla_due, the row's
# checkbox label): the row query loads these and nothing else. A column that
# reads another field costs a query per row, which the query-count test of
# the list catches.
LISTED = (
    "reference",
    "subject",
    "requester_name",
    "desk__name_nl",
    "desk__name_en",
    "line",
    "resolver_group__name_nl",
    "resolver_group__name_en",
    "priority",
    "status",
    "resolution_due_at",
    "sla_paused_remaining",
    "assignee__first_name",
    "assignee__last_name",
    "assignee__email",
    "assignee__username",
    "updated_at",
    "requester_replied_at",
)


class QueueChangeList(ChangeList):
    def get_results(self, request):
        """The page's rows with only what the columns show.

        ``TicketAdmin.get_queryset`` also joins the requester and the
        category, and loads every column, for the request page and the bulk
        actions; the rows of the list need neither. ``self.queryset`` stays
        the full one for the actions and the CSV export.
        """
        full = self.queryset
        self.queryset = (
            full.select_related(None).select_related(*self.list_select_related).only(*LISTED)
        )
        try:
            super().get_results(request)
        finally:
            self.queryset = full

    @cached_property
    def _change_url(self) -> str:
        return reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_change",
            args=(PK_MARK,),
            current_app=self.model_admin.admin_site.name,
        )

    def url_for_result(self, result) -> str:
        """The row's link: one ``reverse()`` per page, the row's key put in."""
        return self._change_url.replace(PK_MARK, str(quote(getattr(result, self.pk_attname))))
