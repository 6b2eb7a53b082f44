"""The request list as a streamed CSV, with the list's current filters, search and order.

``StreamingHttpResponse`` over ``QuerySet.iterator()``: rows leave the
database in chunks (a server-side cursor on PostgreSQL) and are written as
they come, so a million rows never sit in memory and there is no row limit.
"""

import csv
from collections.abc import Iterator

from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

COLUMNS = (
    ("reference", "reference"),
    ("subject", "subject"),
    ("status", "status"),
    ("desk", "desk__name_{lang}"),
    ("category", "category__name_{lang}"),
    ("channel", "channel"),
    ("priority", "priority"),
    ("line", "line"),
    ("filed_at", "created_at"),
    ("first_response_at", "first_response_at"),
    ("resolved_at", "resolved_at"),
    ("closed_at", "closed_at"),
    ("sla_breached", "is_breached"),
    ("rating", "rating"),
)


def csv_cell(value: object) -> object:
    """A value as a CSV cell: local times, and no cell a spreadsheet would run as a formula."""
    if hasattr(value, "astimezone"):
        return timezone.localtime(value).isoformat(timespec="seconds")
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return "" if value is None else value


class _Echo:
    def write(self, value: str) -> str:
        return value


def streamed_csv(header: list[str], rows, filename: str) -> StreamingHttpResponse:
    """Stream ``rows`` (an iterator of sequences) as CSV, a line at a time."""
    writer = csv.writer(_Echo())

    def lines() -> Iterator[str]:
        yield "\ufeff" + writer.writerow(header)
        for row in rows:
            yield writer.writerow([csv_cell(value) for value in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class ExportMixin:
    """Adds ``export.csv`` beside the request list: the same filters, every row."""

    def export_urls(self) -> list:
        return [
            path(
                "export.csv",
                self.admin_site.admin_view(self.export_csv_view),
                # Not "tickets_ticket_*": a download, not a page for the admin axe sweep.
                name="tickets_export_csv",
            )
        ]

    def export_csv_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        try:
            changelist = self.get_changelist_instance(request)
        except IncorrectLookupParameters:
            return HttpResponse(
                _("These filters are not valid for the request list. Go back and pick them again."),
                status=400,
                content_type="text/plain; charset=utf-8",
            )
        lang = "en" if (get_language() or "nl").startswith("en") else "nl"
        fields = [source.format(lang=lang) for _name, source in COLUMNS]
        rows = changelist.queryset.values_list(*fields).iterator(chunk_size=2000)
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        return streamed_csv([name for name, _source in COLUMNS], rows, f"requests-{stamp}.csv")
