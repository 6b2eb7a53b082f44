"""My requests' default "open" page reads its own partial index (issue 23).

At two table sizes the statement the page sends is planned as one index scan
of ``tickets_requester_open`` in the keyset order (no sort, no bitmap of the
whole table's open requests), and it reads exactly one page of entries at
both sizes: the cost does not grow with the table. The plan is the server's
own (no ``enable_*`` switches), after ANALYZE, as production would get it.
"""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tickets import selectors
from tickets.models import Ticket

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="query plans are PostgreSQL's"
)

# Of every 20 requests one is the student's; a third of all requests are open.
BULK_SQL = """
INSERT INTO tickets_ticket (
    reference, requester_id, requester_name, requester_email, requester_number,
    requester_language, access_key, line, subject, description, impact, urgency, priority,
    status, created_at, updated_at, is_breached, rating_comment, category_id, desk_id
)
SELECT
    'SD-2019-' || lpad(g::text, 7, '0'),
    CASE WHEN g %% 20 = 0 THEN %(student)s ELSE %(other)s END,
    'Requester', 'requester@example.invalid', '', 'nl', md5(g::text), 'first',
    'Request ' || g, 'Seeded for the plan test.', 2, 2, 3,
    (ARRAY['new', 'in_progress', 'waiting', 'resolved', 'closed', 'closed',
           'closed', 'closed', 'closed'])[1 + g %% 9],
    now() - make_interval(mins => g), now() - make_interval(mins => g),
    false, '', %(category)s, %(desk)s
FROM generate_series(1, %(count)s) AS g
"""


def _fill(count: int, *, student, other, category) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            BULK_SQL,
            {
                "student": student.pk,
                "other": other.pk,
                "count": count,
                "category": category.pk,
                "desk": category.default_desk_id,
            },
        )
        cursor.execute("ANALYZE tickets_ticket")


def _plan_of_the_page(student) -> list[dict]:
    with CaptureQueriesContext(connection) as captured:
        page, _cursor = selectors.tickets_of_requester(user=student, state="open")
    assert len(page) == selectors.PAGE_SIZE
    (statement,) = [q["sql"] for q in captured.captured_queries if "tickets_ticket" in q["sql"]]
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {statement}")
        root = cursor.fetchone()[0]
    root = json.loads(root) if isinstance(root, str) else root
    nodes, todo = [], [root[0]["Plan"]]
    while todo:
        node = todo.pop()
        nodes.append(node)
        todo.extend(node.get("Plans", []))
    return nodes


@pytest.mark.django_db
@pytest.mark.parametrize("count", [4_000, 80_000])
def test_open_page_is_one_scan_of_its_partial_index(count, student, other_student):
    from tickets.tests.factories import CategoryFactory

    category = CategoryFactory()
    _fill(count, student=student, other=other_student, category=category)
    nodes = _plan_of_the_page(student)
    on_tickets = [n for n in nodes if n.get("Relation Name") == "tickets_ticket"]
    shapes = [(n["Node Type"], n.get("Index Name")) for n in nodes]
    assert [n.get("Index Name") for n in on_tickets] == ["tickets_requester_open"], shapes
    assert on_tickets[0]["Node Type"] in {"Index Scan", "Index Only Scan"}, shapes
    assert not any(n["Node Type"] in {"Sort", "BitmapAnd", "Seq Scan"} for n in nodes), shapes
    # One page (and the look-ahead row) is read, at 4,000 rows as at 80,000.
    assert on_tickets[0]["Actual Rows"] == selectors.PAGE_SIZE + 1
    assert on_tickets[0].get("Rows Removed by Filter", 0) == 0
    assert Ticket.objects.count() >= count
