"""The app sets up an authenticator app: one secret per session until a code activates it.

An app fetches its set-up screen more than once (on resume, on rotate). allauth
answered every ``GET .../authenticators/totp`` with a new secret, so the QR code
already scanned stopped working; the secret now stays as it does on the
portal's page (accounts.flows.totp_setup_secret).
"""

import pytest

from accounts.tests.factories import DEFAULT_PASSWORD, ProspectFactory, StaffFactory
from accounts.totp import totp_code

from .helpers import LOGIN_URL, app_client

pytestmark = pytest.mark.django_db

TOTP = "/_allauth/app/v1/account/authenticators/totp"


def _signed_in(client, user) -> None:
    """Log in as the app does (password only: no authenticator yet) and use the token."""
    client.credentials()
    started = client.post(
        LOGIN_URL, {"email": user.email, "password": DEFAULT_PASSWORD}, format="json"
    )
    client.credentials(HTTP_X_SESSION_TOKEN=started.json()["meta"]["session_token"])


def _set_up_screen(client) -> dict:
    """What the app's set-up screen shows: the secret and the URL behind the QR code."""
    response = client.get(TOTP)
    assert response.status_code == 404, response.content  # allauth: "no authenticator yet"
    return response.json()["meta"]


@pytest.mark.parametrize(
    "make_user",
    [
        lambda: ProspectFactory(username="prospect-setup", totp=False, consent=False),
        lambda: StaffFactory(username="agent-setup", totp=False),
    ],
    ids=["prospect", "staff"],
)
def test_the_set_up_screen_shows_the_same_secret_until_a_code_activates_it(make_user):
    user = make_user()
    client = app_client()
    _signed_in(client, user)

    first = _set_up_screen(client)
    second = _set_up_screen(client)
    assert second == first
    # A wrong code does not replace it either.
    wrong = "000000" if totp_code(first["secret"]) != "000000" else "111111"
    refused = client.post(TOTP, {"code": wrong}, format="json")
    assert refused.status_code == 400
    assert _set_up_screen(client) == first

    added = client.post(TOTP, {"code": totp_code(first["secret"])}, format="json")
    assert added.status_code == 200, added.content
    assert added.json()["data"]["type"] == "totp"
    assert client.get(TOTP).json()["data"]["type"] == "totp"


def test_after_activation_a_new_set_up_gets_a_new_secret():
    prospect = ProspectFactory(username="prospect-again", totp=False, consent=False)
    client = app_client()
    _signed_in(client, prospect)
    used = _set_up_screen(client)["secret"]
    added = client.post(TOTP, {"code": totp_code(used)}, format="json")
    assert added.status_code == 200, added.content

    removed = client.delete(TOTP)
    assert removed.status_code == 200, removed.content
    fresh = _set_up_screen(client)["secret"]
    assert fresh != used
    assert _set_up_screen(client)["secret"] == fresh


def test_a_new_app_session_gets_a_new_secret():
    prospect = ProspectFactory(username="prospect-relogin", totp=False, consent=False)
    client = app_client()
    _signed_in(client, prospect)
    abandoned = _set_up_screen(client)["secret"]
    assert client.delete("/_allauth/app/v1/auth/session").status_code == 401

    _signed_in(client, prospect)
    assert _set_up_screen(client)["secret"] != abandoned
