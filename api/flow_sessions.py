"""A server-side session behind a token, for the app's anonymous flows of several steps.

The portal keeps a running activation in the browser's cookie session; the
app has no cookies, so it gets the key of a session in the same store as a
token and sends it back with each step. Nothing is signed or invented here:
the token is Django's session key, as allauth's app session tokens are, and
it is forgotten ``API_ACTIVATION_TIMEOUT`` seconds after the last step.
"""

from importlib import import_module

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase


def _store(session_key: str | None = None) -> SessionBase:
    engine = import_module(settings.SESSION_ENGINE)
    return engine.SessionStore(session_key=session_key)


def flow_session_new() -> SessionBase:
    return _store()


def flow_session(token: object) -> SessionBase | None:
    """The live session ``token`` names; None when it is unknown or expired (one query)."""
    # Session keys are short lowercase ASCII; anything else never names one
    # (and a NUL byte must not reach the database).
    if not (isinstance(token, str) and token.isascii() and token.isalnum() and len(token) <= 40):
        return None
    session = _store(token)
    # Reading loads it; a missing or expired session loses its key.
    session.keys()
    return session if session.session_key else None


def flow_session_keep(session: SessionBase) -> str:
    """Save the session for another ``API_ACTIVATION_TIMEOUT`` seconds; returns its token."""
    session.set_expiry(settings.API_ACTIVATION_TIMEOUT)
    session.save()
    return session.session_key
