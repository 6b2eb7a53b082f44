"""CSV of one dashboard table (the cells' values, the same rules as the request export)."""

import csv

from django.http import HttpResponse

from tickets.admin.export import csv_cell

from .selectors import Table


def table_csv(table: Table, filename: str) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")  # so spreadsheet programs read UTF-8
    writer = csv.writer(response)
    writer.writerow(table.headers)
    for row in table.rows:
        writer.writerow([csv_cell(cell.value) for cell in row])
    return response
