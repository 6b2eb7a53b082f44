"""A prepared query gives what the ORM gives, field by field, on this database.

Run in both passes (PostgreSQL and the embedded SQLite, whose converters
turn text into dates and numbers): if a Django upgrade changes how the
compiler describes a statement, these fail before a page shows a wrong value.
"""

import pytest
from django.db.models import Count, Exists, OuterRef

from core.prepared import PreparedQuery
from tickets.models import Ticket, TicketMessage
from tickets.services import ticket_reply
from tickets.tests.factories import file_ticket

pytestmark = pytest.mark.django_db

STAND_INS = (-2_147_000_001, "\x00reference")
OTHER_STAND_INS = (-2_147_000_002, "\x00other")


def requests_of(user_pk, reference):
    return (
        Ticket.objects.select_related("category", "desk")
        .annotate(
            has_messages=Exists(TicketMessage.objects.filter(ticket=OuterRef("pk"))),
            message_count=Count("messages"),
        )
        .filter(requester_id=user_pk, reference=reference)
    )


def fields(ticket: Ticket) -> dict:
    return {field.attname: getattr(ticket, field.attname) for field in Ticket._meta.concrete_fields}


def test_the_prepared_request_equals_the_orms(student, category, agent):
    ticket = file_ticket(student, category=category, description="Wifi drops in room 2.14")
    ticket_reply(ticket=ticket, body="Since when?", acting_user=agent)
    prepared = PreparedQuery(requests_of, STAND_INS, OTHER_STAND_INS)

    found = prepared.get_or_none(student.pk, ticket.reference)
    expected = requests_of(student.pk, ticket.reference).get()

    assert fields(found) == fields(expected)
    assert found.created_at.tzinfo is not None and found.revision == expected.revision
    assert (found.has_messages, found.message_count) == (True, 1)
    with django_assert_no_queries():
        assert found.category.name_nl == expected.category.name_nl
        assert found.desk.slug == expected.desk.slug
    assert found._state.adding is False  # saves as an update, like a loaded instance


def test_no_row_is_none_and_other_values_are_other_rows(student, other_student, category):
    mine = file_ticket(student, category=category)
    theirs = file_ticket(other_student, category=category)
    prepared = PreparedQuery(requests_of, STAND_INS, OTHER_STAND_INS)
    assert prepared.get_or_none(student.pk, theirs.reference) is None
    assert prepared.get_or_none(other_student.pk, theirs.reference).pk == theirs.pk
    assert prepared.get_or_none(student.pk, mine.reference).pk == mine.pk


def test_a_stand_in_must_appear_once_in_the_statement():
    def ignores_the_subject(reference, subject):
        return Ticket.objects.filter(reference=reference)

    def uses_the_reference_twice(reference, subject):
        return Ticket.objects.filter(reference=reference, subject=subject, description=reference)

    with pytest.raises(ValueError, match="appears 0 times"):
        PreparedQuery(ignores_the_subject, ("\x00r", "\x00s"), ("\x00r2", "\x00s2")).get_or_none(
            "SD-1", "Wifi"
        )
    with pytest.raises(ValueError, match="appears 2 times"):
        PreparedQuery(
            uses_the_reference_twice, ("\x00r", "\x00s"), ("\x00r2", "\x00s2")
        ).get_or_none("SD-1", "Wifi")


def test_a_statement_that_would_freeze_a_value_is_refused():
    """Something worked out when the statement is built (here: a count of builds, as the
    time of the first call would be) must not be kept for every later call."""
    builds = []

    def filed_since_the_build(reference):
        builds.append(1)
        return Ticket.objects.filter(reference=reference, impact__gte=len(builds))

    prepared = PreparedQuery(filed_since_the_build, ["\x00r"], ["\x00r2"])
    with pytest.raises(ValueError, match="beyond where they go"):
        prepared.get_or_none("SD-1")


def test_none_and_more_than_one_row_are_refused(student, category):
    file_ticket(student, category=category)
    file_ticket(student, category=category)
    prepared = PreparedQuery(
        lambda user_pk: Ticket.objects.filter(requester_id=user_pk), [-7], [-8]
    )
    with pytest.raises(ValueError, match="None"):
        prepared.get_or_none(None)
    with pytest.raises(Ticket.MultipleObjectsReturned):
        prepared.get_or_none(student.pk)


def django_assert_no_queries():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    class NoQueries(CaptureQueriesContext):
        def __exit__(self, *exc):
            super().__exit__(*exc)
            assert not self.captured_queries, self.captured_queries

    return NoQueries(connection)


def test_the_request_page_reads_one_request_not_the_queryset_it_was_given(
    student, category, django_assert_num_queries
):
    """The queryset built once per process is compiled, never evaluated: its truth
    would read every request of the table (once per process, and keep them)."""
    from tickets import access, selectors

    ticket = file_ticket(student, category=category)
    tickets = selectors.request_page_tickets()
    with django_assert_num_queries(1) as queries:
        found = access.ticket_of_requester(
            user=student, reference=ticket.reference, tickets=tickets
        )
    assert found.pk == ticket.pk
    assert tickets._result_cache is None
    assert f"'{ticket.reference}'" in queries.captured_queries[0]["sql"]
