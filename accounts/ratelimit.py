"""Tries on our own account flows and on the password login, counted atomically.

allauth limits its own views; the activation pages and code mails are ours
and count through the project's shared counter (ACCOUNTS_ACTIVATION_RATE_LIMIT).

The password login is counted here too (``AccountAdapter.pre_authenticate``)
instead of by allauth's ``login_failed`` limit, which counted per account
only: five wrong passwords from anyone locked the student out everywhere.
Here the low limit counts per (account, client address) pair, so a stranger
locks only their own address, and a higher per-account ceiling still stops
a guess spread over many addresses (ACCOUNTS_LOGIN_RATE_LIMITS).
"""

from django.conf import settings
from django.http import HttpRequest

from core import ratelimit


def ratelimit_take(request: HttpRequest, *, action: str, identifier: str) -> bool:
    """Count one try for the client and the identifier; whether it may go ahead."""
    limit, period = settings.ACCOUNTS_ACTIVATION_RATE_LIMIT
    return ratelimit.ratelimit_take(
        request, action=f"accounts:{action}", identifier=identifier, limit=limit, period=period
    )


def ratelimit_give_back(request: HttpRequest, *, action: str, identifier: str) -> None:
    """Uncount a try that turned out right: only wrong tries use up the limit."""
    ratelimit.ratelimit_give_back(request, action=f"accounts:{action}", identifier=identifier)


def _login_keys(request: HttpRequest, login: str) -> dict[str, str]:
    login = login.strip().lower()
    return {
        "pair": ratelimit.counter_key(
            "accounts:login:pair", f"{login}\n{ratelimit.client_ip(request)}"
        ),
        "account": ratelimit.counter_key("accounts:login:account", login),
    }


def login_limited() -> bool:
    """Whether password logins are counted (``ACCOUNT_RATE_LIMITS = False`` turns all off)."""
    return getattr(settings, "ACCOUNT_RATE_LIMITS", None) is not False


def login_attempt_take(request: HttpRequest, *, login: str) -> bool:
    """Count a password try for ``login`` from this address; whether it may be checked."""
    if not login_limited():
        return True
    allowed = True
    for scope, key in _login_keys(request, login).items():
        limit, period = settings.ACCOUNTS_LOGIN_RATE_LIMITS[scope]
        allowed = ratelimit.counter_take(key, period=period).value <= limit and allowed
    return allowed


def login_attempt_give_back(request: HttpRequest, *, login: str) -> None:
    """The password was right: the try does not count against the account."""
    if not login_limited():
        return
    for key in _login_keys(request, login).values():
        ratelimit.counter_give_back(key)


def login_code_try_take(*, code: str) -> bool:
    """Count one try on the login code ``code``; whether it may be compared."""
    key = ratelimit.counter_key("accounts:login_code", code)
    count = ratelimit.counter_take(key, period=settings.ACCOUNT_LOGIN_BY_CODE_TIMEOUT)
    return count.value <= settings.ACCOUNT_LOGIN_BY_CODE_MAX_ATTEMPTS


#: Authenticator codes one account may have compared per window (allauth's
#: own limit, counted in the cache, raced on the embedded file cache).
MFA_CODE_TRIES = 5
MFA_CODE_PERIOD = 5 * 60


def mfa_code_try_take(*, user_pk: int) -> bool:
    """Count one authenticator-code try for this account; whether it may be compared."""
    key = ratelimit.counter_key("accounts:mfa_code", str(user_pk))
    return ratelimit.counter_take(key, period=MFA_CODE_PERIOD).value <= MFA_CODE_TRIES
