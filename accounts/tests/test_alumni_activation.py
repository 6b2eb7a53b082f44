"""Alumni activate with their number or email; the email must match the file."""

import pytest

from accounts.tests.factories import AlumnusFactory
from accounts.tests.helpers import last_code, mailed_to

pytestmark = pytest.mark.django_db

NEW = "Alumni-Again-2026"


@pytest.fixture
def alumna(db):
    return AlumnusFactory(username="alumna", email="lies@example.net", alumni_number="Q7654321")


def ask(client, number, email):
    return client.post("/accounts/alumni/activate/", {"alumni_number": number, "email": email})


def finish(client, email):
    client.post("/accounts/activate/code/", {"code": last_code(email)})
    return client.post("/accounts/activate/password/", {"password1": NEW, "password2": NEW})


def test_matching_number_and_email_get_a_code_then_a_password(client, alumna):
    response = ask(client, "Q7654321", "Lies@Example.net")
    assert response.url == "/accounts/activate/code/"
    assert mailed_to()[-1] == "lies@example.net"
    response = finish(client, "lies@example.net")
    assert response.url.startswith("/accounts/login/")
    alumna.refresh_from_db()
    assert alumna.check_password(NEW) and alumna.activated_at is not None


def test_email_alone_works_too(client, alumna):
    assert ask(client, "", "lies@example.net").url == "/accounts/activate/code/"


def test_mismatching_email_points_to_the_alumni_office_and_sends_nothing(client, alumna):
    response = ask(client, "Q7654321", "someone.else@example.net")
    body = response.content.decode()
    assert response.status_code == 200
    assert "alumni@example.org" in body and "alumnidienst" in body
    assert 'value="Q7654321"' in body and 'value="someone.else@example.net"' in body
    assert mailed_to() == []


def test_unknown_number_gets_the_same_answer_as_a_mismatch(client, alumna):
    mismatch = ask(client, "Q7654321", "someone.else@example.net").content.decode()
    unknown = ask(client, "Q0000000", "someone.else@example.net").content.decode()

    def main_part(html):
        start = html.index('id="alumni-mismatch"')
        return html[start : html.index("</div>", start)]

    assert main_part(mismatch) == main_part(unknown)


def test_malformed_alumni_number_is_explained(client):
    body = ask(client, "12345", "x@example.net").content.decode()
    assert "letter Q en 7 cijfers" in body


def test_forgotten_password_is_a_new_activation_code(client, alumna):
    ask(client, "Q7654321", "lies@example.net")
    finish(client, "lies@example.net")
    ask(client, "", "lies@example.net")
    client.post("/accounts/activate/code/", {"code": last_code("lies@example.net")})
    client.post(
        "/accounts/activate/password/",
        {"password1": "Second-Time-2027", "password2": "Second-Time-2027"},
    )
    alumna.refresh_from_db()
    assert alumna.check_password("Second-Time-2027")


def test_alumni_activation_locks_after_five_mismatches(client, alumna):
    for _ in range(5):
        ask(client, "Q7654321", "guess@example.net")
    body = ask(client, "Q7654321", "lies@example.net").content.decode()
    assert "Te veel pogingen" in body
    assert mailed_to() == []
