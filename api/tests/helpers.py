"""Signing in as the app does: through allauth's headless app endpoints."""

from rest_framework.test import APIClient

from accounts.tests.factories import DEFAULT_PASSWORD

LOGIN_URL = "/_allauth/app/v1/auth/login"


def login_token(client: APIClient, user, password: str = DEFAULT_PASSWORD) -> str:
    """The X-Session-Token allauth hands the app after a password login."""
    response = client.post(LOGIN_URL, {"email": user.email, "password": password}, format="json")
    assert response.status_code == 200, response.content
    return response.json()["meta"]["session_token"]


def app_client(user=None, *, language: str = "en") -> APIClient:
    """An API client speaking ``language``, signed in as ``user`` when given."""
    client = APIClient(HTTP_ACCEPT_LANGUAGE=language)
    if user is not None:
        client.credentials(
            HTTP_X_SESSION_TOKEN=login_token(client, user), HTTP_ACCEPT_LANGUAGE=language
        )
    return client
