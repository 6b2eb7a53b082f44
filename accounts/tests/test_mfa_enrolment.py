"""Staff enrol their authenticator app: one secret, no background redirects, no second password."""

import datetime as dt
import re

import pytest
import time_machine
from allauth.mfa.models import Authenticator

from accounts.tests.factories import DEFAULT_PASSWORD, StaffFactory
from accounts.totp import totp_code

pytestmark = pytest.mark.django_db

ACTIVATE = "/accounts/2fa/totp/activate/"
#: What Chromium sends when it fetches the site icon on its own.
FAVICON_HEADERS = {
    "HTTP_ACCEPT": "image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8",
    "HTTP_SEC_FETCH_DEST": "image",
    "HTTP_SEC_FETCH_MODE": "no-cors",
    "HTTP_SEC_FETCH_SITE": "same-origin",
}
PAGE_HEADERS = {
    "HTTP_ACCEPT": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "HTTP_SEC_FETCH_DEST": "document",
    "HTTP_SEC_FETCH_MODE": "navigate",
}


@pytest.fixture
def new_staff(client):
    """A staff member without an authenticator who has just logged in."""
    staff = StaffFactory(username="newagent", totp=False)
    response = client.post("/accounts/login/", {"login": staff.email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    return staff


def secret_on_page(response) -> str:
    """The secret the set-up page shows (the field allauth renders as #authenticator_secret)."""
    field = re.search(r'<input[^>]*id="authenticator_secret"[^>]*>', response.content.decode())
    assert field is not None, response.content.decode()[:2000]
    return re.search(r'value="([A-Z2-7]+)"', field.group(0)).group(1)


def test_favicon_is_served_to_anonymous_visitors(client):
    response = client.get("/favicon.ico", **FAVICON_HEADERS)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"


def test_favicon_is_served_to_staff_without_an_authenticator(client, new_staff):
    response = client.get("/favicon.ico", **FAVICON_HEADERS)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"


def test_pages_link_the_icon(client):
    body = client.get("/").content.decode()
    assert '<link rel="icon" href="/favicon.ico"' in body
    assert 'rel="icon" href="/static/favicon.svg"' in body


def test_a_page_navigation_is_still_sent_to_set_up_the_authenticator(client, new_staff):
    response = client.get("/admin/", **PAGE_HEADERS)
    assert response.status_code == 302
    assert response.url == f"{ACTIVATE}?next=%2Fadmin%2F"


def test_reloading_the_set_up_page_keeps_the_secret(client, new_staff):
    first = secret_on_page(client.get(ACTIVATE, **PAGE_HEADERS))
    assert secret_on_page(client.get(ACTIVATE, **PAGE_HEADERS)) == first


def test_background_requests_neither_redirect_nor_replace_the_secret(client, new_staff):
    """The icon, an image, a fetch or a POST by staff without MFA: 403, never the set-up page."""
    secret = secret_on_page(client.get(ACTIVATE, **PAGE_HEADERS))
    image = client.get("/requests/", **FAVICON_HEADERS)
    fetch = client.get("/admin/", HTTP_ACCEPT="application/json", HTTP_SEC_FETCH_MODE="cors")
    post = client.post("/admin/accounts/user/add/", {"username": "mallory"}, **PAGE_HEADERS)
    for response in (image, fetch, post):
        assert response.status_code == 403
        assert "Location" not in response
        assert f'href="{ACTIVATE}"' in response.content.decode()
    assert not StaffFactory._meta.model.objects.filter(username="mallory").exists()
    assert secret_on_page(client.get(ACTIVATE, **PAGE_HEADERS)) == secret


def test_the_refusal_is_translated(client, new_staff):
    response = client.post("/admin/")
    assert response.status_code == 403
    nl = response.content.decode()
    assert "Werk eerst je account af" in nl
    client.cookies["django_language"] = "en"
    assert "Finish setting up your account first" in client.post("/admin/").content.decode()


def test_a_fresh_login_counts_as_confirming_the_password(client, new_staff):
    response = client.get(ACTIVATE, **PAGE_HEADERS)
    assert response.status_code == 200, response.get("Location")


def test_an_old_login_asks_for_the_password_again(client, new_staff):
    with time_machine.travel(dt.timedelta(minutes=6)):
        response = client.get(ACTIVATE, **PAGE_HEADERS)
    assert response.status_code == 302
    assert response.url.startswith("/accounts/reauthenticate/")


def test_staff_enrols_with_the_code_for_the_secret_shown(client, new_staff):
    secret = secret_on_page(client.get(ACTIVATE, **PAGE_HEADERS))
    client.get("/favicon.ico", **FAVICON_HEADERS)
    secret_on_page(client.get(ACTIVATE, **PAGE_HEADERS))  # a reload on the way
    response = client.post(ACTIVATE, {"code": totp_code(secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=new_staff, type=Authenticator.Type.TOTP).exists()
    assert client.get("/admin/", **PAGE_HEADERS).status_code == 200
