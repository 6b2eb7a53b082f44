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


def code_issue(*, session: SessionBase, email: str) -> str:
    """Make a new 6-digit code for ``email``, replacing any earlier one."""
    code = f"{secrets.randbelow(10**6):06d}"
    session[SESSION_KEY] = {
        "email": email,
        "digest": _digest(code),
        "expires": timezone.now().timestamp() + settings.ACCOUNTS_EMAIL_CODE_TIMEOUT,
        "attempts_left": MAX_ATTEMPTS,
    }
    return code


def code_pending_email(session: SessionBase) -> str | None:
    """The address a live code was sent to, if any."""
    state = session.get(SESSION_KEY)
    return state["email"] if state else None


class CodeResult:
    OK = "ok"
    WRONG = "wrong"
    EXPIRED = "expired"  # also: too many wrong tries, or no code issued


def code_check(*, session: SessionBase, code: str) -> tuple[str, str | None]:
    """Check ``code``; on success return the address it proved, and forget it."""
    state = session.get(SESSION_KEY)
    if not state or timezone.now().timestamp() > state["expires"]:
        session.pop(SESSION_KEY, None)
        return CodeResult.EXPIRED, None
    if constant_time_compare(_digest(code), state["digest"]):
        session.pop(SESSION_KEY)
        return CodeResult.OK, state["email"]
    state["attempts_left"] -= 1
    if state["attempts_left"] <= 0:
        session.pop(SESSION_KEY)
        return CodeResult.EXPIRED, None
    session[SESSION_KEY] = state
    return CodeResult.WRONG, None
