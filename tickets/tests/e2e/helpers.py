"""Browser helpers: sign a persona in and choose the language by cookie."""

from django.conf import settings
from django.test import Client


def sign_in(page, live_server, user) -> None:
    """Give the browser a session of ``user`` (the admin login is routed elsewhere later)."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
    )


def use_language(page, live_server, language: str) -> None:
    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
    )
