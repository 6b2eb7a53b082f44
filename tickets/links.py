"""The private link a requester without an account follows a request with.

The token is signed and salted (``django.core.signing``) over the request's
id and its ``access_key``; the key is compared in constant time, and
rotating it kills every link sent before. The link page moves the access
into the session (``access.grant_guest_access``) and redirects, so the
token never stays in the address bar or reaches another site through the
Referer header.
"""

from django.core import signing
from django.urls import reverse
from django.utils.crypto import constant_time_compare

from .models import Ticket

SALT = "tickets.private-link"


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
