"""One identity at a time, both ways: the identity just proven is the one signed in."""

import pytest
from django.contrib.messages import get_messages

from accounts.tests.factories import (
    DEFAULT_PASSWORD,
    TEST_TOTP_SECRET,
    AlumnusFactory,
    ProspectFactory,
    StaffFactory,
)
from accounts.tests.helpers import last_login_code
from accounts.totp import totp_code

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return StaffFactory(username="staffer", email="staffer@example.org")


@pytest.fixture
def alumna():
    return AlumnusFactory(username="alumna", email="alumna@example.net")


def login(client, email: str, password: str = DEFAULT_PASSWORD):
    return client.post("/accounts/login/", {"login": email, "password": password})


def signed_in_id(client) -> str | None:
    return client.session.get("_auth_user_id")


def session_user_id(session_key: str) -> str | None:
    from importlib import import_module

    from django.conf import settings

    return import_module(settings.SESSION_ENGINE).SessionStore(session_key).get("_auth_user_id")


def test_alumnus_logging_in_as_staff_ends_up_as_staff_in_the_admin(client, staff, alumna):
    login(client, alumna.email)
    alumnus_session = client.session.session_key
    response = login(client, staff.email)
    assert response.url == "/accounts/2fa/authenticate/"
    assert signed_in_id(client) is None  # the alumnus session ended with the proven password
    assert session_user_id(alumnus_session) is None
    page = client.get(response.url)
    assert page.status_code == 200  # the authenticator step is shown, not skipped to "/"
    response = client.post(response.url, {"code": totp_code(TEST_TOTP_SECRET)})
    assert response.url == "/admin/"
    assert signed_in_id(client) == str(staff.pk)
    admin = client.get("/admin/")
    assert admin.status_code == 200
    told = [str(m) for m in get_messages(admin.wsgi_request)]
    assert told == [
        "Je bent nu aangemeld als staffer@example.org. "
        "Je sessie als alumna@example.net is beëindigd."
    ]


def test_staff_logging_in_as_alumnus_ends_up_as_alumnus(client, staff, alumna):
    login(client, staff.email)
    client.post("/accounts/2fa/authenticate/", {"code": totp_code(TEST_TOTP_SECRET)})
    assert signed_in_id(client) == str(staff.pk)
    client.get("/admin/")  # the staff member reads allauth's "signed in" message
    staff_session = client.session.session_key
    client.cookies["django_language"] = "en"
    response = login(client, alumna.email)
    assert response.url == "/"
    assert signed_in_id(client) == str(alumna.pk)
    assert session_user_id(staff_session) is None
    home = client.get("/")
    assert [str(m) for m in get_messages(home.wsgi_request)] == [
        "You are now logged in as alumna@example.net. "
        "Your session as staffer@example.org has ended."
    ]
    assert client.get("/admin/").status_code == 302  # the admin is not the alumna's


def test_a_wrong_password_for_the_other_account_keeps_the_current_identity(client, staff, alumna):
    login(client, alumna.email)
    response = login(client, staff.email, "not-the-password")
    assert response.status_code == 200
    assert signed_in_id(client) == str(alumna.pk)


def test_logging_in_again_as_oneself_says_nothing_about_a_switch(client, alumna):
    login(client, alumna.email)
    client.get("/")
    login(client, alumna.email)
    home = client.get("/")
    assert [str(m) for m in get_messages(home.wsgi_request)] == [
        "Je bent nu ingelogd als alumna."  # allauth's usual words, no switch
    ]
    assert signed_in_id(client) == str(alumna.pk)


def test_staff_land_in_the_admin_after_logging_in(client, staff):
    login(client, staff.email)
    response = client.post("/accounts/2fa/authenticate/", {"code": totp_code(TEST_TOTP_SECRET)})
    assert response.url == "/admin/"


def test_asking_for_a_login_code_while_signed_in_switches_to_the_code_identity(client, staff):
    """Staff who is also a future student logs in by code: staff session ends, prospect in."""
    prospect = ProspectFactory(username="future", email="future@example.net")
    login(client, staff.email)
    client.post("/accounts/2fa/authenticate/", {"code": totp_code(TEST_TOTP_SECRET)})
    client.get("/admin/")
    staff_session = client.session.session_key
    response = client.post("/accounts/login/code/", {"email": prospect.email})
    assert response.status_code == 302
    assert response.url == "/accounts/login/code/confirm/"
    assert session_user_id(staff_session) is None
    response = client.post(response.url, {"code": last_login_code(prospect.email)})
    assert response.url == "/accounts/2fa/authenticate/"  # the prospect's own second step
    response = client.post(response.url, {"code": totp_code(TEST_TOTP_SECRET)})
    assert signed_in_id(client) == str(prospect.pk)
    page = client.get(response.url, follow=True)
    assert (
        "Je bent nu aangemeld als future@example.net. "
        "Je sessie als staffer@example.org is beëindigd."
    ) in [str(m) for m in page.context["messages"]]


def test_asking_for_a_code_for_an_unknown_address_answers_the_same(client, alumna):
    login(client, alumna.email)
    response = client.post("/accounts/login/code/", {"email": "nobody@example.net"})
    assert response.status_code == 302
    assert response.url == "/accounts/login/code/confirm/"
    assert signed_in_id(client) is None
