"""The dashboard page: who may open it, constant query count, CSV, and bad input."""

import csv
import io
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts import roles
from accounts.tests.factories import StaffFactory
from tickets import services
from tickets.choices import Channel, TicketStatus
from tickets.tests.factories import CategoryFactory, DeskFactory, file_ticket

URL = "/admin/insights/dailyrollup/"
# session + user, the lead's groups, visible desks (permission + form), the
# rollup sums (intake, categories, per desk, per priority), open requests now,
# the backlog deltas, the duration percentiles, the forwards per office, the latest
# comments, the knowledgebase articles and misses. (The AUP gate asks once per session.)
QUERIES = 17
EXPORT = "/admin/tickets/ticket/export.csv"


@pytest.fixture
def category(desk):
    return CategoryFactory(default_desk=desk, name_en="Wi-Fi", name_nl="Wifi")


def _fill(count: int, category, lead) -> None:
    for n in range(count):
        ticket = file_ticket(category=category, channel=list(Channel)[n % 4])
        services.ticket_reply(ticket=ticket, body="On it", acting_user=lead)
        if n % 2:
            services.ticket_set_status(
                ticket=ticket, status=TicketStatus.RESOLVED, acting_user=lead
            )
            services.ticket_rate(ticket=ticket, score=5, comment=f"Thanks {n}", acting_user=None)


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    return len(queries)


@pytest.mark.django_db
@pytest.mark.parametrize("period", ["4weeks", "semester"])
def test_query_count_does_not_grow_with_the_number_of_requests(client, desk_lead, category, period):
    client.force_login(desk_lead)
    url = f"{URL}?period={period}"
    _fill(2, category, desk_lead)
    _queries(client, url)  # warm: the session and the content types are cached after this
    few = _queries(client, url)
    _fill(30, category, desk_lead)
    many = _queries(client, url)
    assert few == many
    # Without Redis the session is read from the database: one more.
    session = 0 if settings.SESSION_ENGINE.endswith("cached_db") else 1
    assert many == QUERIES + session


@pytest.mark.django_db
def test_dashboard_shows_the_figures_and_links_them_to_the_request_list(
    client, desk_lead, category
):
    _fill(4, category, desk_lead)
    client.force_login(desk_lead)
    response = client.get(URL)
    body = response.content.decode()
    assert response.status_code == 200
    assert '<svg class="chart"' in body and 'role="img"' in body
    assert "<caption>" in body
    assert "/admin/tickets/ticket/?" in body
    assert "Thanks 3" in body  # latest comment
    tables = {table.key: table for table, _chart in response.context["figures"]}
    today = timezone.localdate().strftime("%d-%m-%Y")
    intake = [row for row in tables["intake"].rows if row[0].value.endswith(today[-4:])]
    assert sum(row[-1].value for row in intake) == 4
    csat_total = tables["csat"].rows[-1]
    assert [csat_total[2].value, csat_total[4].value] == [2, "100%"]


@pytest.mark.django_db
def test_agent_without_the_dashboard_permission_may_not_open_it(client, agent_first_line, desk):
    desk.agents.add(agent_first_line)
    client.force_login(agent_first_line)
    assert client.get(URL).status_code == 403


@pytest.mark.django_db
def test_desk_lead_by_permission_sees_only_their_desk(client, desk, category):
    other = DeskFactory(name_en="Library", name_nl="Bibliotheek")
    lead = StaffFactory(username="desklead", roles=[roles.FIRST_LINE_AGENT])
    from django.contrib.auth.models import Permission

    lead.user_permissions.add(Permission.objects.get(codename="view_dashboard"))
    desk.agents.add(lead)
    file_ticket(category=CategoryFactory(default_desk=other))
    file_ticket(category=category)
    client.force_login(lead)
    response = client.get(URL)
    assert response.status_code == 200
    tables = {table.key: table for table, _chart in response.context["figures"]}
    assert [row[0].value for row in tables["backlog_now"].rows] == ["ICT-helpdesk"]
    refused = client.get(f"{URL}?desk={other.pk}")
    assert refused.status_code == 400
    assert "niet een van de jouwe" in refused.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("period=decade", "Selecteer een geldige keuze"),
        ("period=custom&start=2026-13-01&end=2026-01-01", "Voer een geldige datum in"),
        ("period=custom&start=2026-02-01&end=2026-01-01", "begindatum ligt na de einddatum"),
        ("period=custom&start=2020-01-01&end=2026-01-01", "hoogstens 400 dagen"),
        ("period=custom&start=2026-01-01", "begin- en een einddatum"),
        ("period=custom&start=2026-01-01&end=2999-01-01", "einddatum ligt in de toekomst"),
        ("desk=abc", "niet een van de jouwe"),
        ("desk=999999", "niet een van de jouwe"),
        ("export=nope", "Er is geen tabel"),
        ("period=custom&start=99999-01-01&end=2026-01-01", "Voer een geldige datum in"),
        # A NUL byte anywhere in the query: the site-wide translated 400 page.
        ("period=custom&start=2026-01-01%00&end=2026-01-02", "Ongeldige aanvraag"),
        ("period=custom&start=0001-01-01&end=2026-01-01", "hoogstens 400 dagen"),
        ("desk=99999999999999999999", "niet een van de jouwe"),
        ("desk=-1", "niet een van de jouwe"),
        ("desk=1.5", "niet een van de jouwe"),
        ("period=semester&desk=%00", "Ongeldige aanvraag"),
    ],
)
def test_bad_period_desk_or_export_answers_a_translated_message(client, desk_lead, query, message):
    client.force_login(desk_lead)
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 400
    assert message in response.content.decode()


@pytest.mark.django_db
def test_every_dashboard_table_downloads_as_csv(client, desk_lead, category):
    _fill(3, category, desk_lead)
    client.force_login(desk_lead)
    keys = [table.key for table, _chart in client.get(URL).context["figures"]]
    assert len(keys) == 14
    for key in keys:
        response = client.get(f"{URL}?period=4weeks&export={key}")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/csv")
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert len(rows) >= 1


@pytest.mark.django_db
def test_request_list_csv_streams_every_row_with_the_current_filters(client, desk_lead, category):
    for n in range(7):
        file_ticket(
            category=category, channel=Channel.MAIL if n < 5 else Channel.APP, subject=f"=cmd {n}"
        )
    client.force_login(desk_lead)
    response = client.get(f"{EXPORT}?channel__exact=mail")
    assert response.status_code == 200
    assert response.streaming
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0][0] == "reference"
    assert len(rows) == 1 + 5
    assert {row[5] for row in rows[1:]} == {"mail"}
    assert all(row[1].startswith("'=") for row in rows[1:])  # no formula injection

    week_ago = (timezone.localtime() - timedelta(days=7)).isoformat()
    since = client.get(EXPORT, {"created_at__gte": week_ago, "channel__exact": "app"})
    assert len(b"".join(since.streaming_content).decode().splitlines()) == 1 + 2

    bad = client.get(f"{EXPORT}?created_at__gte=yesterday")
    assert bad.status_code == 400


@pytest.mark.django_db
def test_knowledgebase_deflection_counts_per_day(client, desk_lead):
    from knowledgebase.tasks import flush_article_counts
    from knowledgebase.tests.factories import ArticleFactory

    article = ArticleFactory(title_nl="Eduroam instellen", body_nl="Eduroam op je laptop.")
    client.get("/kb/suggest/", {"q": "eduroam"})
    client.get(article.get_absolute_url())
    client.get(article.get_absolute_url())
    client.post(f"{article.get_absolute_url()}answered/")
    client.get("/kb/search/", {"q": "Printer  KAPOT"})
    client.get("/kb/search/", {"q": "printer kapot"})
    flush_article_counts()  # the beat job that writes the views counted in Redis

    client.force_login(desk_lead)
    tables = {t.key: t for t, _chart in client.get(URL).context["figures"]}
    assert [row[1].value for row in tables["kb_totals"].rows] == [1, 1, 2]
    assert [c.value for c in tables["kb_articles"].rows[0]] == ["Eduroam instellen", 2, 1, 1]
    assert [c.value for c in tables["kb_misses"].rows[0]] == ["printer kapot", 2]


@pytest.mark.django_db
def test_forwards_per_office_backlog_per_line_and_exact_times(client, desk_lead, category):
    import time_machine

    from tickets.tests.factories import OfficeFactory, ResolverGroupFactory, StandardAnswerFactory

    office = OfficeFactory(name_nl="Studentenadministratie", name_en="Student office")
    with time_machine.travel(timezone.now(), tick=False):  # answered in the same minute
        wrong = file_ticket(category=category)
        services.ticket_forward_to_office(
            ticket=wrong, office=office, answer=StandardAnswerFactory(), acting_user=desk_lead
        )
    hard = file_ticket(category=category)
    group = ResolverGroupFactory(desk=category.default_desk)
    services.ticket_escalate(ticket=hard, group=group, note="Network", acting_user=desk_lead)
    file_ticket(category=category)
    client.force_login(desk_lead)
    response = client.get(URL)
    tables = {t.key: t for t, _chart in response.context["figures"]}
    assert [[c.value for c in row] for row in tables["forwards"].rows] == [
        ["Studentenadministratie", 1]
    ]
    assert tables["backlog_now"].headers[1:] == ["Eerste lijn", "Tweede lijn", "Open aanvragen"]
    assert [c.value for c in tables["backlog_now"].rows[0][1:]] == [1, 1, 2]
    assert [c.value for c in tables["backlog"].rows[-1][1:]] == [1, 1, 2]
    times_all = tables["times"].rows[-1]
    assert times_all[1].value == 1  # the forward answered the requester
    assert times_all[2].value == times_all[3].value == "0 min"
    assert "deze cijfers gelden voor alle loketten" in response.content.decode()
