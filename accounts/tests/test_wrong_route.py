"""People on the wrong route are told the right one, without revealing who has an account.

Choice on enumeration: the hints on the login and activation pages are the
same for everyone (shown after any failed login, and always on the activation
pages); the recovery page answers an account's own address exactly as an
unknown one, and only the mailbox of that address learns what to do.
"""

import pytest

from accounts.tests.factories import ProspectFactory, StudentFactory
from accounts.tests.helpers import (
    INITIAL_PASSWORD,
    NEW_PASSWORD,
    import_student,
    last_body,
    last_code,
)

pytestmark = pytest.mark.django_db

CODE_LOGIN = 'href="/accounts/login/code/"'


def ask_reset(client, email):
    return client.post("/accounts/password/reset/", {"email": email})


def test_recovery_with_the_university_address_explains_what_to_do(client):
    student = StudentFactory(username="noalt", alternate_email="")
    answer = ask_reset(client, student.email)
    unknown = ask_reset(client, "nobody@example.net")
    assert answer.status_code == unknown.status_code == 302
    assert answer.url == unknown.url
    body = last_body(student.email)
    assert "Geen enkel account gebruikt dit adres" not in body
    assert "/requests/new/" in body and "privé" in body
    assert "/accounts/password/reset/key/" not in body
    # The stranger's address still gets allauth's "no account" note.
    assert "Geen enkel account gebruikt dit adres" in last_body("nobody@example.net")


def test_recovery_by_a_prospect_points_to_the_login_code(client):
    prospect = ProspectFactory(username="pim")
    ask_reset(client, prospect.email)
    body = last_body(prospect.email)
    assert "/accounts/login/code/" in body
    assert "Geen enkel account" not in body


def test_a_failed_password_login_names_the_code_route_for_anyone(client):
    prospect = ProspectFactory(username="pim2")
    as_prospect = client.post("/accounts/login/", {"login": prospect.email, "password": "x" * 12})
    as_nobody = client.post(
        "/accounts/login/", {"login": "nobody@example.net", "password": "x" * 12}
    )
    assert as_prospect.status_code == as_nobody.status_code == 200
    for response in (as_prospect, as_nobody):
        html = response.content.decode()
        assert 'id="prospect-route"' in html and CODE_LOGIN in html
    assert 'id="prospect-route"' not in client.get("/accounts/login/").content.decode()


@pytest.mark.parametrize("path", ["/accounts/activate/", "/accounts/alumni/activate/"])
def test_the_activation_pages_send_prospects_to_the_code_login(client, path):
    html = client.get(path).content.decode()
    assert 'id="prospect-route"' in html and CODE_LOGIN in html


def test_after_activation_the_student_is_told_the_login_address(client):
    student = import_student()
    client.post(
        "/accounts/activate/", {"student_number": "0765432", "initial_password": INITIAL_PASSWORD}
    )
    client.post(
        "/accounts/activate/password/", {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    client.post("/accounts/activate/email/", {"email": "nora.private@example.net"})
    response = client.post(
        "/accounts/activate/code/", {"code": last_code("nora.private@example.net")}, follow=True
    )
    html = response.content.decode()
    assert f"universiteitsadres {student.email}" in html
