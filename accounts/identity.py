"""One identity per browser session, and what a fresh login proves.

A person can hold two accounts (staff and alumnus). Logging in as one ends
the other: as soon as the new account's password is proven, the session of
the account signed in until then is ended, so the remaining login steps
(the authenticator code) run for the new account alone, and the person is
told which identity they now use once the login completes.

A login that has just completed also counts as a recent authentication for
allauth's "confirm your password" check (AccountAdapter.is_reauthentication_
required): a staff member who logs in and is sent straight on to set up the
authenticator app is not asked for the password they typed seconds ago.
"""

import time

from allauth.account import app_settings as allauth_account_settings
from django.contrib.auth import logout
from django.http import HttpRequest
from django.utils.translation import gettext as _

#: Who logged in through this session, and when (seconds since the epoch).
LOGGED_IN_SESSION_KEY = "accounts_logged_in"
#: The identity a login is replacing, until that login completes.
SWITCHED_FROM_SESSION_KEY = "accounts_switched_from"


def _label(user) -> str:
    return user.email or user.get_username()


def login_record(request: HttpRequest, *, user) -> None:
    """Remember that ``user`` completed a login in this session just now."""
    request.session[LOGGED_IN_SESSION_KEY] = {"user": str(user.pk), "at": time.time()}


def login_is_recent(request: HttpRequest | None) -> bool:
    """Whether the signed-in user completed their login here within the reauthentication window.

    The window is allauth's own (``ACCOUNT_REAUTHENTICATION_TIMEOUT``), so a
    fresh login counts exactly as long as a typed-again password would.
    """
    if request is None or not getattr(request, "user", None) or not request.user.is_authenticated:
        return False
    record = request.session.get(LOGGED_IN_SESSION_KEY)
    if not isinstance(record, dict) or record.get("user") != str(request.user.pk):
        return False
    age = time.time() - float(record.get("at", 0))
    return 0 <= age < allauth_account_settings.REAUTHENTICATION_TIMEOUT


def identity_switch_begin(request: HttpRequest, *, user) -> None:
    """``user`` has just proven a first factor: end another account's session here.

    allauth's later login steps (authenticator code, login code) send a
    signed-in visitor away, so while the old identity stayed signed in the
    new one could never finish its login. Ending it at this point (not when
    the login page is merely opened) means only a proven password switches
    identities.
    """
    current = getattr(request, "user", None)
    if current is not None and current.is_authenticated and current.pk != user.pk:
        identity_end(request)


def identity_end(request: HttpRequest) -> None:
    """End the signed-in identity's session because a login for another one has begun.

    The session is flushed, so nothing of the old identity is left; only
    its name is kept to tell the person once the new login completes.
    """
    current = getattr(request, "user", None)
    if current is None or not current.is_authenticated:
        return
    previous = _label(current)
    logout(request)
    request.session[SWITCHED_FROM_SESSION_KEY] = previous


def identity_switch_message(request: HttpRequest, *, user) -> str | None:
    """Once the new login completes: the words that say which identity is in use now.

    None when this login did not replace another identity. The adapter shows
    it instead of allauth's usual "signed in" message.
    """
    previous = request.session.pop(SWITCHED_FROM_SESSION_KEY, None)
    if previous is None or previous == _label(user):
        return None
    return _("You are now logged in as %(new)s. Your session as %(old)s has ended.") % {
        "new": _label(user),
        "old": previous,
    }
