"""Short one-time codes mailed during activation, kept in the session.

Only a salted HMAC of the code is stored, with its address, expiry and the
attempts left; a code dies when used, when it expires or after three wrong
tries. Time comes from ``timezone.now`` so tests can move it.
"""

import secrets

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

SESSION_KEY = "accounts_email_code"
MAX_ATTEMPTS = 3


def _digest(code: str) -> str:
    return salted_hmac("accounts.codes", code, algorithm="sha256").hexdigest()


def _key(slot: str) -> str:
    return SESSION_KEY if slot == "email" else f"accounts_{slot}_code"


def code_issue(*, session: SessionBase, email: str, slot: str = "email") -> str:
    """Make a new 6-digit code for ``email`` (or a phone number), replacing any earlier one.

    ``slot`` keeps codes of different flows apart (``email``, ``phone``...).
    """
    code = f"{secrets.randbelow(10**6):06d}"
    session[_key(slot)] = {
        "email": email,
        "digest": _digest(code),
        "expires": timezone.now().timestamp() + settings.ACCOUNTS_EMAIL_CODE_TIMEOUT,
        "attempts_left": MAX_ATTEMPTS,
    }
    return code


def code_pending_email(session: SessionBase, slot: str = "email") -> str | None:
    """The address a live code was sent to, if any."""
    state = session.get(_key(slot))
    return state["email"] if state else None


class CodeResult:
    OK = "ok"
    WRONG = "wrong"
    EXPIRED = "expired"  # also: too many wrong tries, or no code issued


def code_check(*, session: SessionBase, code: str, slot: str = "email") -> tuple[str, str | None]:
    """Check ``code``; on success return the address it proved, and forget it."""
    key = _key(slot)
    state = session.get(key)
    if not state or timezone.now().timestamp() > state["expires"]:
        session.pop(key, None)
        return CodeResult.EXPIRED, None
    if constant_time_compare(_digest(code), state["digest"]):
        session.pop(key)
        return CodeResult.OK, state["email"]
    state["attempts_left"] -= 1
    if state["attempts_left"] <= 0:
        session.pop(key)
        return CodeResult.EXPIRED, None
    session[key] = state
    return CodeResult.WRONG, None
