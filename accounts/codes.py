"""Short one-time codes that prove an address or a phone number, kept in the session.

Activation and a new alternate address mail them; the phone second factor
texts them. Only a salted HMAC of the code is stored, with its recipient
(the address or number it was sent to), expiry and a random id; a code
dies when used, when it expires or after three wrong tries. The tries are
not counted in the session: parallel requests each read the same session
and would each see "3 left". They are counted by the atomic counter of
``core.ratelimit`` under the code's id, and the count decides before the
code is compared. Time comes from ``timezone.now`` so tests can move it.
"""

import secrets

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from core.ratelimit import counter_take

# A slot keeps the codes of different flows apart in one session.
EMAIL_SLOT = "email"
# The mailed code's session key predates slots; it stays so codes already
# sent keep working across a deploy.
SESSION_KEY = "accounts_email_code"


def _digest(code: str) -> str:
    return salted_hmac("accounts.codes", code, algorithm="sha256").hexdigest()


def _key(slot: str) -> str:
    return SESSION_KEY if slot == EMAIL_SLOT else f"accounts_{slot}_code"


def _recipient(state: dict) -> str:
    # Codes issued before the rename stored their recipient under "email".
    return state["recipient"] if "recipient" in state else state["email"]


def code_issue(*, session: SessionBase, recipient: str, slot: str) -> str:
    """Make a new 6-digit code for ``recipient``, replacing any earlier one in ``slot``.

    ``recipient`` is what the code will prove: a mail address or a phone
    number. ``slot`` keeps codes of different flows apart (``EMAIL_SLOT``,
    the phone flows' own slots), so texting a login code does not end a
    mailed one. Every code lives ``ACCOUNTS_CODE_TIMEOUT`` seconds.
    """
    code = f"{secrets.randbelow(10**6):06d}"
    session[_key(slot)] = {
        "recipient": recipient,
        "digest": _digest(code),
        "expires": timezone.now().timestamp() + settings.ACCOUNTS_CODE_TIMEOUT,
        "id": secrets.token_hex(16),
    }
    return code


def code_pending_recipient(session: SessionBase, *, slot: str) -> str | None:
    """The address or number a live code in ``slot`` was sent to, if any."""
    state = session.get(_key(slot))
    return _recipient(state) if state else None


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


def code_check(*, session: SessionBase, code: str, slot: str) -> tuple[str, str | None]:
    """Check ``code``; on success return the recipient it proved, and forget it.

    Only the first ``ACCOUNTS_CODE_MAX_ATTEMPTS`` tries are compared, however many arrive
    at once; the one that uses up the last try ends the code, and a right
    code proves its address once.
    """
    key = _key(slot)
    state = session.get(key)
    if not state or timezone.now().timestamp() > state["expires"]:
        session.pop(key, None)
        return CodeResult.EXPIRED, None
    tries = _code_counter(state, "try")
    if tries > settings.ACCOUNTS_CODE_MAX_ATTEMPTS:
        session.pop(key)
        return CodeResult.EXPIRED, None
    if constant_time_compare(_digest(code), state["digest"]):
        session.pop(key)
        if _code_counter(state, "use") > 1:
            return CodeResult.EXPIRED, None
        return CodeResult.OK, _recipient(state)
    if tries >= settings.ACCOUNTS_CODE_MAX_ATTEMPTS:
        session.pop(key)
        return CodeResult.EXPIRED, None
    return CodeResult.WRONG, None


def code_minutes() -> int:
    """How long a one-time code works, in whole minutes, for the texts that say so."""
    return settings.ACCOUNTS_CODE_TIMEOUT // 60
