"""The request list's ChangeList: the admin's own, with its per-row work done once per page.

At 50 rows a page the admin's per-row costs add up to a good share of the
list's time (issue 23): a ``reverse()`` for every row's link, and joins and
text columns the columns never show. Everything else (filters, search,
ordering, paging, the scoping in ``get_queryset``) is the admin's.
"""

from django.contrib.admin.utils import quote
from django.contrib.admin.views.main import ChangeList
from django.urls import reverse
from django.utils.functional import cached_property

PK_MARK = "__pk__"
# Long texts only the request page shows; the list never reads them.
UNLISTED_TEXT = ("description", "rating_comment")


class QueueChangeList(ChangeList):
    def get_queryset(self, request, exclude_parameters=None):
        return super().get_queryset(request, exclude_parameters).defer(*UNLISTED_TEXT)

    def apply_select_related(self, qs):
        # ``TicketAdmin.get_queryset`` also joins the requester and the
        # category for the request page; the list's columns show neither.
        return qs.select_related(None).select_related(*self.list_select_related)

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
