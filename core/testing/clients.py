"""Test clients signed in as a given user, in a chosen interface language."""

from django.conf import settings
from django.test import Client


def staff_client(user, language: str | None = None) -> Client:
    """A Django test client logged in as ``user``.

    With ``language`` ("nl" or "en") the language cookie is set, which beats
    the request's Accept-Language; without it the portal's default (Dutch)
    or the request's headers decide, as for a real browser.
    """
    client = Client()
    client.force_login(user)
    if language:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client
