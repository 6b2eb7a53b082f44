"""Charts drawn on the server as SVG from a dashboard ``Table``.

Why SVG from Python and not a JavaScript library: the figures are already
computed on the server, the page works without JavaScript, nothing is
loaded from elsewhere, and the Content-Security-Policy stays as strict as it
is (no inline styles: colours come from classes in ``insights/dashboard.css``).
Each series also has a text label in the legend, in stacking order, and the
numbers sit in the table under the chart, so colour never carries meaning
alone. The SVG is an image with a title; the table is what screen readers read.
"""

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .selectors import Table

WIDTH, HEIGHT = 720, 220
LEFT, BOTTOM, TOP = 48, 28, 12
SERIES = 4  # classes s0..s3 in dashboard.css, contrast >= 3:1 on white


def _number(cell) -> float:
    value = cell.value
    return float(value) if isinstance(value, int | float) else 0.0


def _axis(top: float) -> str:
    """The y axis: 0 and the maximum, with a grid line at the top."""
    y0, y1 = HEIGHT - BOTTOM, TOP
    return (
        f'<line class="axis" x1="{LEFT}" y1="{y0}" x2="{WIDTH}" y2="{y0}"/>'
        f'<line class="grid" x1="{LEFT}" y1="{y1}" x2="{WIDTH}" y2="{y1}"/>'
        f'<text class="tick" x="{LEFT - 6}" y="{y0}" text-anchor="end">0</text>'
        f'<text class="tick" x="{LEFT - 6}" y="{y1 + 4}" text-anchor="end">{top:g}</text>'
    )


def _frame(table: Table, body: str, legend: list[str]) -> SafeString:
    title_id = f"chart-{table.key}-title"
    legend_html = "".join(
        format_html(
            '<li><span class="swatch s{}" aria-hidden="true"></span>{}</li>', i % SERIES, name
        )
        for i, name in enumerate(legend)
    )
    svg = (
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="{title_id}" focusable="false">'
        f'<title id="{title_id}">{escape(table.caption)}. '
        f"{escape(_('The numbers are in the table below.'))}</title>{body}</svg>"
    )
    if legend_html:
        svg += (
            format_html(
                '<ul class="chart-legend" aria-label="{}">', _("Legend, from the bottom up")
            )
            + legend_html
            + "</ul>"
        )
    return mark_safe(svg)  # noqa: S308  (every interpolated text went through escape())


def _labels(table: Table, step: float, left: float) -> str:
    every = max(1, len(table.rows) // 8)
    parts = []
    for i, row in enumerate(table.rows):
        if i % every == 0:
            x = left + i * step + step / 2
            parts.append(
                f'<text class="tick" x="{x:.1f}" y="{HEIGHT - 8}" text-anchor="middle">'
                f"{escape(str(row[0].value))}</text>"
            )
    return "".join(parts)


def stacked(table: Table) -> SafeString:
    """Vertical stacked bars: one bar per row, one segment per column but the last (total)."""
    series = table.headers[1:-1]
    totals = [sum(_number(c) for c in row[1:-1]) for row in table.rows]
    top = max(totals, default=0) or 1
    plot_h = HEIGHT - BOTTOM - TOP
    step = (WIDTH - LEFT) / max(len(table.rows), 1)
    parts = [_axis(top)]
    for i, row in enumerate(table.rows):
        y = HEIGHT - BOTTOM
        for s, cell in enumerate(row[1:-1]):
            h = _number(cell) / top * plot_h
            if h <= 0:
                continue
            y -= h
            parts.append(
                f'<rect class="s{s % SERIES}" x="{LEFT + i * step + step * 0.15:.1f}" y="{y:.1f}" '
                f'width="{step * 0.7:.1f}" height="{h:.1f}"><title>'
                f"{escape(str(row[0].value))}, {escape(series[s])}: {escape(str(cell.value))}"
                "</title></rect>"
            )
    parts.append(_labels(table, step, LEFT))
    return _frame(table, "".join(parts), series)


def bars(table: Table) -> SafeString:
    """Horizontal bars of the first figure column, labelled with the row's name and value."""
    values = [_number(row[1]) for row in table.rows]
    top = max(values, default=0) or 1
    row_h = 22
    height = max(len(table.rows), 1) * row_h + 8
    label_w = 260
    parts = []
    for i, (row, value) in enumerate(zip(table.rows, values, strict=True)):
        y = 4 + i * row_h
        w = value / top * (WIDTH - label_w - 60)
        parts.append(
            f'<text class="tick" x="{label_w - 6}" y="{y + 15}" text-anchor="end">'
            f"{escape(str(row[0].value)[:40])}</text>"
            f'<rect class="s0" x="{label_w}" y="{y + 3}" width="{w:.1f}" height="{row_h - 6}"/>'
            f'<text class="tick" x="{label_w + w + 6:.1f}" y="{y + 15}">'
            f"{escape(str(row[1].value))}</text>"
        )
    title_id = f"chart-{table.key}-title"
    return mark_safe(  # noqa: S308  (every interpolated text went through escape())
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-labelledby="{title_id}" focusable="false">'
        f'<title id="{title_id}">{escape(table.caption)}. '
        f"{escape(_('The numbers are in the table below.'))}</title>{''.join(parts)}</svg>"
    )


def line(table: Table) -> SafeString:
    """A line with a dot per row (the dots keep it readable without colour)."""
    values = [_number(row[1]) for row in table.rows]
    top = max(values, default=0) or 1
    plot_h = HEIGHT - BOTTOM - TOP
    step = (WIDTH - LEFT) / max(len(values), 1)
    points = [
        (LEFT + i * step + step / 2, HEIGHT - BOTTOM - value / top * plot_h)
        for i, value in enumerate(values)
    ]
    path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
    dots = "".join(
        f'<circle class="dot" cx="{x:.1f}" cy="{y:.1f}" r="3"><title>'
        f"{escape(str(row[0].value))}: {escape(str(row[1].value))}</title></circle>"
        for (x, y), row in zip(points, table.rows, strict=True)
    )
    body = (
        _axis(top) + f'<polyline class="line" points="{path}"/>' + dots + _labels(table, step, LEFT)
    )
    return _frame(table, body, [])


DRAW = {"stacked": stacked, "bars": bars, "line": line}


def chart_for(table: Table) -> SafeString:
    """The chart of a table, or an empty string for tables without one."""
    draw = DRAW.get(table.chart)
    return draw(table) if draw and table.rows else mark_safe("")
