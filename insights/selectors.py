"""The dashboard's figures, as tables: read from the daily rollups in a fixed number of queries.

Every table is what a chart draws, what the screen reader reads and what
the CSV export writes; each figure carries the link to the request list
behind it. The number of queries does not depend on how many requests there
are (a test pins it at two data sizes): SUMs over the period's rollup rows,
the backlog as a running sum of the rollups' deltas, the latest
comments (an index on the audit trail's time).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from types import SimpleNamespace
from urllib.parse import urlencode

from django.db import connection
from django.db.models import QuerySet, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from appointments.models import Channel as AppointmentChannel
from core.translation import in_language
from knowledgebase.models import ArticleDay, SearchMissDay
from tickets.choices import OPEN_STATUSES, Channel, Line, Priority, TicketStatus
from tickets.models import TicketEvent

from .forms import Period
from .models import COUNTERS, AppointmentDay, DailyRollup, DurationDay, ForwardDay


@dataclass(frozen=True)
class Cell:
    value: object
    href: str = ""


@dataclass
class Table:
    """One figure: a caption, column headers, rows of cells (first cell: the row's label)."""

    key: str
    caption: str
    headers: list[str]
    rows: list[list[Cell]] = field(default_factory=list)
    chart: str = ""  # "bars", "stacked", "line" or "" (table only)
    note: str = ""  # what the reader must know to read the figures right


def _local_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def requests_link(**params: object) -> str:
    """The admin's request list filtered by ``params`` (lookups the list accepts)."""
    query = {k: v for k, v in params.items() if v not in (None, "")}
    return reverse("admin:tickets_ticket_changelist") + "?" + urlencode(query)


def _between(prefix: str, first: date, last: date) -> dict[str, str]:
    return {
        f"{prefix}__gte": _local_start(first).isoformat(),
        f"{prefix}__lt": _local_start(last + timedelta(days=1)).isoformat(),
    }


def duration_label(minutes: int | None) -> str:
    """Business minutes read aloud: "45 min", "3 h 05 min"; a dash without data."""
    if minutes is None:
        return "-"
    if minutes < 60:
        return _("%(minutes)d min") % {"minutes": minutes}
    return _("%(hours)d h %(minutes)02d min") % {"hours": minutes // 60, "minutes": minutes % 60}


def percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "-"


def _sums() -> dict:
    return {name: Sum(name) for name in COUNTERS}


def dashboard_tables(*, desks: QuerySet, desk_ids: list[int] | None, period: Period) -> list[Table]:
    """Every figure of the dashboard for ``period`` and the desks ``desk_ids`` (None: all)."""
    rollups = DailyRollup.objects.filter(day__gte=period.first, day__lte=period.last)
    desk_param = str(desk_ids[0]) if desk_ids and len(desk_ids) == 1 else ""
    if desk_ids is not None:
        rollups = rollups.filter(desk_id__in=desk_ids)
    filed_in = _between("created_at", period.first, period.last)
    tables = [
        _intake(rollups, period, desk_param),
        _by_category(rollups, filed_in, desk_param),
    ]
    per_desk = list(
        rollups.values("desk_id", "desk__name_nl", "desk__name_en")
        .annotate(**_sums())
        .order_by("desk_id")
    )
    tables += _backlog(desk_ids, period, desk_param)
    tables.append(_times(per_desk, duration_percentiles(desk_ids, period), period, desk_param))
    tables.append(_sla(rollups, period, desk_param))
    tables.append(_rates(per_desk, filed_in))
    tables.append(_forwards(desk_ids, period, desk_param))
    tables.append(_csat(per_desk, period))
    tables.append(_comments(desk_ids, period))
    tables.append(_appointments(desk_ids, period))
    tables += _knowledgebase(period)
    return tables


def _localized(row: dict, prefix: str) -> str:
    """``<prefix>_nl`` / ``<prefix>_en`` of a values() row, in the reader's language."""
    names = SimpleNamespace(value_nl=row[f"{prefix}_nl"], value_en=row[f"{prefix}_en"])
    return in_language(names, "value")


def _desk_name(row: dict) -> str:
    return _localized(row, "desk__name")


def _intake(rollups: QuerySet, period: Period, desk: str) -> Table:
    """Filed per day (per week beyond five weeks) and channel: one query."""
    weekly = period.days > 35
    counts: dict[date, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in rollups.values("day", "channel").annotate(n=Sum("filed")).order_by():
        start = row["day"] - timedelta(days=row["day"].weekday()) if weekly else row["day"]
        counts[start][row["channel"]] += row["n"] or 0
    table = Table(
        key="intake",
        caption=_("Requests filed per week and channel")
        if weekly
        else _("Requests filed per day and channel"),
        headers=[_("Week of") if weekly else _("Day"), *[c.label for c in Channel], _("Total")],
        chart="stacked",
    )
    step = 7 if weekly else 1
    day = period.first - timedelta(days=period.first.weekday()) if weekly else period.first
    while day <= period.last:
        first, last = max(day, period.first), min(day + timedelta(days=step - 1), period.last)
        between = _between("created_at", first, last)
        row = [Cell(date_format(day, "SHORT_DATE_FORMAT"))]
        for channel in Channel:
            n = counts[day][channel.value]
            row.append(
                Cell(
                    n, requests_link(channel__exact=channel.value, desk__id__exact=desk, **between)
                )
            )
        total = sum(counts[day].values())
        row.append(Cell(total, requests_link(desk__id__exact=desk, **between)))
        table.rows.append(row)
        day += timedelta(days=step)
    return table


def _by_category(rollups: QuerySet, filed_in: dict, desk: str) -> Table:
    rows = (
        rollups.values("category_id", "category__name_nl", "category__name_en")
        .annotate(n=Sum("filed"))
        .filter(n__gt=0)
        .order_by("-n", "category_id")[:15]
    )
    table = Table(
        key="categories",
        caption=_("Topics with the most requests"),
        headers=[_("Category"), _("Requests filed")],
        chart="bars",
    )
    for row in rows:
        name = _localized(row, "category__name")
        link = requests_link(
            category__id__exact=row["category_id"], desk__id__exact=desk, **filed_in
        )
        table.rows.append([Cell(name), Cell(row["n"], link)])
    return table


def _backlog(desk_ids, period: Period, desk: str) -> list[Table]:
    """Open requests now per desk and line, and at the end of each day of the period per line.

    Both from the rollups: the backlog is the running sum of ``open_delta``
    (the rollup test checks that it equals the open requests). Counting the
    open requests live took 1.3 s at a million requests, 600,000 of them open.
    A request counts under the line it is at now (see ``DailyRollup``).
    """
    today = timezone.localdate()
    lines = list(Line)
    scoped = DailyRollup.objects.filter(day__lte=today)
    if desk_ids is not None:
        scoped = scoped.filter(desk_id__in=desk_ids)
    per_desk: dict[int, dict] = {}
    for row in (
        scoped.values("desk_id", "desk__name_nl", "desk__name_en", "line")
        .annotate(n=Sum("open_delta"))
        .order_by("desk_id")
    ):
        entry = per_desk.setdefault(row["desk_id"], {"name": _desk_name(row), "lines": {}})
        entry["lines"][row["line"]] = row["n"] or 0
    open_statuses = ",".join(sorted(OPEN_STATUSES))
    now_table = Table(
        key="backlog_now",
        caption=_("Open requests now, per desk and line"),
        headers=[_("Desk"), *[line.label for line in lines], _("Open requests")],
        chart="stacked",
    )
    open_now = {line.value: 0 for line in lines}
    for desk_id, entry in per_desk.items():
        cells = [Cell(entry["name"])]
        for line in lines:
            n = entry["lines"].get(line.value, 0)
            open_now[line.value] += n
            link = requests_link(desk__id__exact=desk_id, status__in=open_statuses,
                                 line__exact=line.value)  # fmt: skip
            cells.append(Cell(n, link))
        total = sum(entry["lines"].values())
        cells.append(Cell(total, requests_link(desk__id__exact=desk_id, status__in=open_statuses)))
        now_table.rows.append(cells)
    deltas = DailyRollup.objects.filter(day__gte=period.first)
    if desk_ids is not None:
        deltas = deltas.filter(desk_id__in=desk_ids)
    by_day: dict[date, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in deltas.values("day", "line").annotate(d=Sum("open_delta")).order_by():
        by_day[row["day"]][row["line"]] += row["d"] or 0
    level = dict(open_now)
    for day, changes in by_day.items():
        if period.last < day <= today:
            for line, change in changes.items():
                level[line] -= change
    over_time = Table(
        key="backlog",
        caption=_("Open requests at the end of each day, per line"),
        headers=[_("Day"), *[line.label for line in lines], _("Open requests")],
        chart="stacked",
        note=_("Pick a desk above to see its own backlog; a request counts under its line now."),
    )
    day, points = period.last, []
    while day >= period.first:
        points.append((day, dict(level)))
        for line, change in by_day.get(day, {}).items():
            level[line] -= change
        day -= timedelta(days=1)
    for day, levels in reversed(points):
        over_time.rows.append(
            [
                Cell(date_format(day, "SHORT_DATE_FORMAT")),
                *[Cell(levels.get(line.value, 0)) for line in lines],
                Cell(sum(levels.values())),
            ]
        )
    if over_time.rows:
        last = over_time.rows[-1]
        for i, line in enumerate(lines, start=1):
            link = requests_link(desk__id__exact=desk, status__in=open_statuses,
                                 line__exact=line.value)  # fmt: skip
            last[i] = Cell(last[i].value, link)
        last[-1] = Cell(
            last[-1].value, requests_link(desk__id__exact=desk, status__in=open_statuses)
        )
    return [now_table, over_time]


def duration_percentiles(desk_ids, period: Period) -> dict[tuple[int | None, str], tuple]:
    """(count, median, 90th percentile) in business minutes per (desk, kind); desk None: all.

    Nearest-rank percentiles, the smallest duration with at least half (nine
    tenths) of the period's durations at or below it, over the per-day
    duration counts: ONE query, a window over the period's ``DurationDay``
    rows (a few per desk and day), never the requests. Rows a move emptied
    (count 0) are left out. Integer counts keep PostgreSQL's window sums in
    bigint rather than numeric (twice as fast).
    """
    if desk_ids is not None and not desk_ids:
        return {}
    table = connection.ops.quote_name(DurationDay._meta.db_table)
    where, params = "day >= %s AND day <= %s", [period.first, period.last]
    if desk_ids is not None:
        where += f" AND desk_id IN ({', '.join(['%s'] * len(desk_ids))})"
        params += list(desk_ids)
    sql = f"""
        WITH g AS (
            SELECT desk_id, kind, minutes, CAST(SUM("count") AS INTEGER) AS n FROM {table}
            WHERE {where} GROUP BY desk_id, kind, minutes HAVING SUM("count") > 0
        ), a AS (
            SELECT desk_id, kind, minutes, n FROM g
            UNION ALL
            SELECT NULL, kind, minutes, CAST(SUM(n) AS INTEGER) FROM g GROUP BY kind, minutes
        ), c AS (
            SELECT desk_id, kind, minutes,
                SUM(n) OVER (PARTITION BY desk_id, kind ORDER BY minutes) AS cum,
                SUM(n) OVER (PARTITION BY desk_id, kind) AS total
            FROM a
        )
        SELECT desk_id, kind, MAX(total),
            MIN(CASE WHEN 2 * cum >= total THEN minutes END),
            MIN(CASE WHEN 10 * cum >= 9 * total THEN minutes END)
        FROM c GROUP BY desk_id, kind
    """  # noqa: S608  (a quoted table name; the values are parameters)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {
            (desk_id, kind): (int(total), median, p90)
            for desk_id, kind, total, median, p90 in cursor.fetchall()
        }


def _total_row(rows: list[dict]) -> dict:
    total: dict = defaultdict(int)
    for row in rows:
        for name in COUNTERS:
            total[name] += row.get(name) or 0
    return total


def _times(per_desk: list[dict], durations: dict, period: Period, desk: str) -> Table:
    table = Table(
        key="times",
        caption=_("First response and resolution time in business hours"),
        headers=[
            _("Desk"),
            _("First responses"),
            _("Median first response"),
            _("90th percentile first response"),
            _("Resolved"),
            _("Median resolution"),
            _("90th percentile resolution"),
        ],
    )
    responded = _between("first_response_at", period.first, period.last)
    resolved = _between("resolved_at", period.first, period.last)
    none = (0, None, None)
    for label, row, desk_id, key in [
        *[(_desk_name(r), r, r["desk_id"], r["desk_id"]) for r in per_desk],
        (_("All selected desks"), _total_row(per_desk), desk, None),
    ]:
        frt = durations.get((key, DurationDay.Kind.FIRST_RESPONSE), none)
        res = durations.get((key, DurationDay.Kind.RESOLUTION), none)
        table.rows.append(
            [
                Cell(label),
                Cell(
                    row["first_responses"] or 0, requests_link(desk__id__exact=desk_id, **responded)
                ),
                Cell(duration_label(frt[1])),
                Cell(duration_label(frt[2])),
                Cell(row["resolved"] or 0, requests_link(desk__id__exact=desk_id, **resolved)),
                Cell(duration_label(res[1])),
                Cell(duration_label(res[2])),
            ]
        )
    return table


def _sla(rollups: QuerySet, period: Period, desk: str) -> Table:
    rows = {
        row["priority"]: row
        for row in rollups.values("priority")
        .annotate(resolved=Sum("resolved"), in_sla=Sum("resolved_in_sla"), breached=Sum("breached"))
        .order_by()
    }
    resolved_in = _between("resolved_at", period.first, period.last)
    table = Table(
        key="sla",
        caption=_("SLA attainment per priority"),
        headers=[_("Priority"), _("Resolved"), _("Within SLA"), _("Attainment"), _("Breaches")],
        chart="bars",
    )
    for priority in Priority:
        row = rows.get(priority.value, {})
        resolved, in_sla = row.get("resolved") or 0, row.get("in_sla") or 0
        table.rows.append(
            [
                Cell(priority.label),
                Cell(
                    resolved,
                    requests_link(
                        priority__exact=priority.value, desk__id__exact=desk, **resolved_in
                    ),
                ),
                Cell(in_sla),
                Cell(percent(in_sla, resolved)),
                Cell(
                    row.get("breached") or 0,
                    requests_link(
                        priority__exact=priority.value, is_breached__exact=1, desk__id__exact=desk
                    ),
                ),
            ]
        )
    return table


def _rates(per_desk: list[dict], filed_in: dict) -> Table:
    table = Table(
        key="rates",
        caption=_("Reopened, escalated and forwarded to another office"),
        headers=[
            _("Desk"),
            _("Requests filed"),
            _("Reopened"),
            _("Reopen rate"),
            _("Escalated"),
            _("Escalation rate"),
            _("Forwarded (wrong desk)"),
        ],
    )
    for row in per_desk:
        filed = row["filed"] or 0
        table.rows.append(
            [
                Cell(_desk_name(row)),
                Cell(filed, requests_link(desk__id__exact=row["desk_id"], **filed_in)),
                Cell(row["reopened"] or 0),
                Cell(percent(row["reopened"] or 0, row["resolved"] or 0)),
                Cell(
                    row["escalated"] or 0,
                    requests_link(desk__id__exact=row["desk_id"], line__exact="second"),
                ),
                Cell(percent(row["escalated"] or 0, filed)),
                Cell(
                    row["forwarded"] or 0,
                    requests_link(
                        desk__id__exact=row["desk_id"],
                        status__exact=TicketStatus.FORWARDED,
                        **filed_in,
                    ),
                ),
            ]
        )
    return table


def _forwards(desk_ids, period: Period, desk: str) -> Table:
    """Wrong desk: where forwarded requests were sent, per office: one query."""
    rows = ForwardDay.objects.filter(day__gte=period.first, day__lte=period.last)
    if desk_ids is not None:
        rows = rows.filter(desk_id__in=desk_ids)
    table = Table(
        key="forwards",
        caption=_("Forwarded to another office (wrong desk), per office"),
        headers=[_("Office"), _("Forwarded")],
        chart="bars",
    )
    # The list cannot filter by office: the link shows the desk's forwarded requests.
    link = requests_link(desk__id__exact=desk, status__exact=TicketStatus.FORWARDED)
    for row in (
        rows.values("office_id", "office__name_nl", "office__name_en")
        .annotate(n=Sum("forwarded"))
        .filter(n__gt=0)
        .order_by("-n", "office_id")
    ):
        table.rows.append([Cell(_localized(row, "office__name")), Cell(row["n"], link)])
    return table


def _csat(per_desk: list[dict], period: Period) -> Table:
    table = Table(
        key="csat",
        caption=_("Satisfaction (CSAT)"),
        headers=[_("Desk"), _("Resolved"), _("Ratings"), _("Response rate"), _("Rated 4 or 5")],
        chart="bars",
    )
    resolved_in = _between("resolved_at", period.first, period.last)
    for label, row, desk_id in [
        *[(_desk_name(r), r, r["desk_id"]) for r in per_desk],
        (_("All selected desks"), _total_row(per_desk), ""),
    ]:
        rated = row["rated"] or 0
        table.rows.append(
            [
                Cell(label),
                Cell(row["resolved"] or 0, requests_link(desk__id__exact=desk_id, **resolved_in)),
                Cell(
                    rated,
                    requests_link(desk__id__exact=desk_id, rating__isnull="False", **resolved_in),
                ),
                Cell(percent(rated, row["resolved"] or 0)),
                Cell(percent(row["rated_good"] or 0, rated)),
            ]
        )
    return table


def _comments(desk_ids, period: Period) -> Table:
    """The latest five rating comments of the period: the newest RATED events, one query."""
    start = _local_start(period.first)
    end = _local_start(period.last + timedelta(days=1))
    events = (
        TicketEvent.objects.filter(
            type=TicketEvent.Type.RATED, created_at__gte=start, created_at__lt=end
        )
        .exclude(ticket__rating_comment="")
        .select_related("ticket")
        .only(
            "created_at",
            "ticket__reference",
            "ticket__rating",
            "ticket__rating_comment",
            "ticket__id",
        )
        .order_by("-created_at")
    )
    if desk_ids is not None:
        events = events.filter(ticket__desk_id__in=desk_ids)
    table = Table(
        key="comments",
        caption=_("Latest comments with a rating"),
        headers=[_("When"), _("Request"), _("Rating"), _("Comment")],
    )
    for event in events[:5]:
        ticket = event.ticket
        table.rows.append(
            [
                Cell(date_format(timezone.localtime(event.created_at), "SHORT_DATETIME_FORMAT")),
                Cell(ticket.reference, reverse("admin:tickets_ticket_change", args=[ticket.pk])),
                Cell(ticket.rating),
                Cell(ticket.rating_comment),
            ]
        )
    return table


def _knowledgebase(period: Period) -> list[Table]:
    """Deflection: suggestions shown, "this answered my question", views, searches in vain.

    From the knowledgebase's daily counters (one row per article or query
    per day): two queries. An article serves every desk (it has no desk, and
    a reader who was helped files nothing), so the desk filter cannot apply:
    the page says so under each of these tables.
    """
    shared = _("The knowledgebase serves every desk: these figures are for all desks, "
               "whatever desk you picked.")  # fmt: skip
    days = {"day__gte": period.first, "day__lte": period.last}
    articles = list(
        ArticleDay.objects.filter(**days)
        .values("article_id", "article__title_nl", "article__title_en", "article__slug")
        .annotate(views=Sum("views"), suggested=Sum("suggested"), answered=Sum("answered"))
        .order_by("-views", "article_id")
    )
    totals = Table(
        key="kb_totals",
        caption=_("What the knowledgebase deflects"),
        headers=[_("Figure"), _("Number")],
        chart="bars",
        note=shared,
    )
    totals.rows = [
        [Cell(_("Suggestions shown while filing")), Cell(sum(a["suggested"] for a in articles))],
        [Cell(_("“This answered my question”")), Cell(sum(a["answered"] for a in articles))],
        [Cell(_("Article views")), Cell(sum(a["views"] for a in articles))],
    ]
    top = Table(
        key="kb_articles",
        caption=_("Most viewed articles"),
        headers=[_("Article"), _("Views"), _("Suggested while filing"), _("Answered the question")],
        note=shared,
    )
    for row in articles[:10]:
        top.rows.append(
            [
                Cell(_localized(row, "article__title"),
                     reverse("knowledgebase:article", args=[row["article__slug"]])),
                Cell(row["views"]),
                Cell(row["suggested"]),
                Cell(row["answered"]),
            ]
        )  # fmt: skip
    misses = Table(
        key="kb_misses",
        caption=_("Searches without a result (missing content)"),
        headers=[_("Search"), _("Times")],
        note=shared,
    )
    for row in (
        SearchMissDay.objects.filter(**days)
        .values("query")
        .annotate(n=Sum("count"))
        .order_by("-n", "query")[:10]
    ):
        misses.rows.append([Cell(row["query"]), Cell(row["n"])])
    return [totals, top, misses]


def _appointments(desk_ids, period: Period) -> Table:
    """Appointments booked and cancelled per appointment channel: one query."""
    rows = AppointmentDay.objects.filter(day__gte=period.first, day__lte=period.last)
    if desk_ids is not None:
        rows = rows.filter(desk_id__in=desk_ids)
    counts = {
        row["channel"]: row
        for row in rows.values("channel")
        .annotate(booked=Sum("booked"), cancelled=Sum("cancelled"))
        .order_by()
    }
    table = Table(
        key="appointments",
        caption=_("Appointments booked and cancelled, per channel"),
        headers=[_("Channel"), _("Booked"), _("Cancelled")],
        chart="bars",
    )
    for channel in AppointmentChannel:
        row = counts.get(channel.value, {})
        table.rows.append(
            [Cell(channel.label), Cell(row.get("booked") or 0), Cell(row.get("cancelled") or 0)]
        )
    return table
