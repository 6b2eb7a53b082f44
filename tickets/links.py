"""The signed links of a request filed without an account.

The private link a guest follows a request with: a token signed and salted
(``django.core.signing``) over the request's id and its ``access_key``; the
key is compared in constant time, and rotating it kills every link sent
before. The link page moves the access into the session
(``access.grant_guest_access``) and redirects, so
the token never stays in the address bar or reaches another site through
the Referer header.

The claim link moves a guest request into one account: signed over the
request, a digest of its ``access_key`` and that account, and valid for
``CLAIM_LINK_MAX_AGE``. It is mailed only to the account's own address, and
works only while the request has no owner, so a used link dies.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.core import signing
from django.urls import reverse
from django.utils.crypto import constant_time_compare, salted_hmac

from .models import Ticket

SALT = "tickets.private-link"
CLAIM_SALT = "tickets.claim-link"
CLAIM_SESSION_KEY = "tickets_claim_token"
CLAIM_LINK_MAX_AGE = timedelta(days=3)


def private_link_token(ticket: Ticket) -> str:
    return signing.dumps({"t": ticket.pk, "k": ticket.access_key}, salt=SALT, compress=True)


def private_link_path(ticket: Ticket) -> str:
    return reverse("tickets:private_link", kwargs={"token": private_link_token(ticket)})


def ticket_from_token(token: str) -> Ticket | None:
    """The request a valid token opens, or None (bad signature, rotated key, gone)."""
    try:
        payload = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    if not isinstance(payload, dict) or not isinstance(payload.get("t"), int):
        return None
    ticket = Ticket.objects.filter(pk=payload["t"]).first()
    if ticket is None or not constant_time_compare(str(payload.get("k", "")), ticket.access_key):
        return None
    return ticket


# --- Claim link -------------------------------------------------------------


def claim_key_digest(access_key: str) -> str:
    """What a claim token carries of the access key: signed tokens are readable, not secret."""
    return salted_hmac(CLAIM_SALT, access_key, algorithm="sha256").hexdigest()[:32]


def claim_link_token(ticket: Ticket, user) -> str:
    """A token that lets ``user``, and nobody else, claim ``ticket`` for a while."""
    payload = {"t": ticket.pk, "u": user.pk, "k": claim_key_digest(ticket.access_key)}
    return signing.dumps(payload, salt=CLAIM_SALT, compress=True)


def claim_link_path(ticket: Ticket, user) -> str:
    return reverse("tickets:claim_link", kwargs={"token": claim_link_token(ticket, user)})


@dataclass(frozen=True)
class ClaimGrant:
    """What a claim token says: request ``ticket_id`` may go to account ``user_id``."""

    ticket_id: int
    user_id: int
    key_digest: str


class ClaimLinkExpired(Exception):
    """The signature is right but the link is older than ``CLAIM_LINK_MAX_AGE``."""


def claim_grant_from_token(token: str) -> ClaimGrant | None:
    """The grant of an intact token, or None; raises ClaimLinkExpired when too old.

    Only the signature and age are checked here; the service checks the
    account, the key and that the request is still unclaimed, under a lock.
    """
    try:
        payload = signing.loads(token, salt=CLAIM_SALT, max_age=CLAIM_LINK_MAX_AGE.total_seconds())
    except signing.SignatureExpired as error:
        raise ClaimLinkExpired from error
    except signing.BadSignature:
        return None
    if not isinstance(payload, dict):
        return None
    ticket_id, user_id, key = payload.get("t"), payload.get("u"), payload.get("k")
    if not (isinstance(ticket_id, int) and isinstance(user_id, int) and isinstance(key, str)):
        return None
    return ClaimGrant(ticket_id=ticket_id, user_id=user_id, key_digest=key)
