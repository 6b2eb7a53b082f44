"""Short one-time codes mailed during activation, kept in the session.

Only a salted HMAC of the code is stored, with its address, expiry and a
random id; a code dies when used, when it expires or after three wrong
tries. The tries are not counted in the session: parallel requests each
read the same session and would each see "3 left". They are counted by the
atomic counter of ``core.ratelimit`` under the code's id, and the
count decides before the code is compared. Time comes from
``timezone.now`` so tests can move it.
"""

import secrets

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from core.ratelimit import counter_take

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
        "id": secrets.token_hex(16),
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


def _code_counter(state: dict, what: str) -> int:
    """Count one ``what`` (a try, a use) of this code, atomically; the count so far."""
    # Codes issued before the id existed are known by their digest and expiry.
    code_id = state.get("id") or f"{state['digest']}:{state['expires']}"
    period = state["expires"] - timezone.now().timestamp() + 1
    return counter_take(f"accounts:code:{what}:{code_id}", period=period).value


def code_check(*, session: SessionBase, code: str, slot: str = "email") -> tuple[str, str | None]:
    """Check ``code``; on success return the address it proved, and forget it.

    Only the first ``MAX_ATTEMPTS`` tries are compared, however many arrive
    at once; the one that uses up the last try ends the code, and a right
    code proves its address once.
    """
    key = _key(slot)
    state = session.get(key)
    if not state or timezone.now().timestamp() > state["expires"]:
        session.pop(key, None)
        return CodeResult.EXPIRED, None
    tries = _code_counter(state, "try")
    if tries > MAX_ATTEMPTS:
        session.pop(key)
        return CodeResult.EXPIRED, None
    if constant_time_compare(_digest(code), state["digest"]):
        session.pop(key)
        if _code_counter(state, "use") > 1:
            return CodeResult.EXPIRED, None
        return CodeResult.OK, state["email"]
    if tries >= MAX_ATTEMPTS:
        session.pop(key)
        return CodeResult.EXPIRED, None
    return CodeResult.WRONG, None
