"""The conftest personas are what their names promise."""

import pytest

from accounts.models import User
from accounts.tests.factories import DEFAULT_PASSWORD


@pytest.mark.django_db
def test_personas_have_their_identity_and_can_log_in(
    client, student, alumnus, prospect, agent_first_line
):
    assert student.kind == User.Kind.STUDENT and len(student.student_number) == 7
    assert alumnus.alumni_number.startswith("Q")
    assert prospect.kind == User.Kind.PROSPECT
    assert agent_first_line.is_staff
    assert agent_first_line.groups.get().name == "First-line agent"
    response = client.post(
        "/accounts/login/", {"login": student.email, "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 302
