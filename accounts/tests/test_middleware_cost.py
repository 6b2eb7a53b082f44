"""The account-requirements check costs no query once a session has passed it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


def queries_for(client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return len(captured)


def test_staff_with_authenticator_pays_no_extra_query_after_the_first_page(
    client, agent_first_line, student
):
    client.force_login(student)
    client.get("/")
    student_cost = queries_for(client, "/")
    client.logout()

    client.force_login(agent_first_line)
    client.get("/")  # the first page checks the authenticator and remembers it
    assert queries_for(client, "/") == student_cost
