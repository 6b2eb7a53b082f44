"""Giving a request filed without an account to an account, on a verified match only.

A student or alumni number typed on the guest form proves nothing (anyone
can type someone else's), so it never moves a request by itself. Two things
do:

* at login, a request whose address is one of the account's *verified*
  allauth addresses (``EmailAddress.verified``). The alternate address on
  the user row does not count: staff may type it in the admin unproven.
* a claim link (``links.claim_link_token``) the guest asks for on the
  request's private page. It goes only to the address on file of the
  account holding the typed number, and works only for that account,
  logged in, within ``links.CLAIM_LINK_MAX_AGE``.

Until then the request's mails go to the guest's address and it shows
nowhere in the account; once claimed, its requester fields are the
account's (as when filed signed in): the desk mails the account's address,
the guest's session access ends (``access.guest_may_see``), and the old
private link leads to the login and My requests.
"""

from datetime import timedelta

from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.selectors import user_by_number
from core import clock
from notifications.models import OutboxMail
from tickets import events, notifications
from tickets.links import ClaimGrant, ClaimLinkExpired, claim_grant_from_token, claim_key_digest
from tickets.models import Ticket

from .filing import requester_fields

# A guest may ask again for a lost claim mail, but not flood an inbox with them.
CLAIM_LINK_RESEND_AFTER = timedelta(minutes=10)


def _claim(*, ticket: Ticket, user: User) -> None:
    """Move a locked, unclaimed ``ticket`` into ``user``'s account, with its audit row."""
    guest_email = ticket.requester_email
    for name, value in requester_fields(user).items():
        setattr(ticket, name, value)
    ticket.requester = user
    ticket.save(
        update_fields=[
            "requester",
            "requester_name",
            "requester_email",
            "requester_number",
            "requester_language",
        ]
    )
    events.ticket_claimed_event(ticket=ticket, acting_user=user, guest_email=guest_email)


@transaction.atomic
def tickets_claim_for_user(*, user: User) -> int:
    """Attach unclaimed requests filed with one of the user's verified addresses.

    Only allauth's verified addresses count, so nobody takes over someone
    else's requests by adding that address unverified or by typing their
    number. Returns how many.
    """
    emails = list(
        EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True)
    )
    if not emails:
        return 0
    match = Q(pk__in=[])
    for email in emails:
        match |= Q(requester_email__iexact=email)
    claimed = 0
    for ticket in Ticket.objects.select_for_update().filter(match, requester__isnull=True):
        _claim(ticket=ticket, user=user)
        claimed += 1
    return claimed


@transaction.atomic
def ticket_claim_link_send(*, ticket: Ticket) -> bool:
    """Mail a claim link to the account holding the request's number, if there is one.

    The caller (the guest) learns nothing from this: the page says the same
    whatever the number, and the mail holds the reference and the link,
    nothing the guest wrote. A second ask within ``CLAIM_LINK_RESEND_AFTER``
    sends nothing. Returns whether a mail was queued (for tests and logs).
    """
    ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)
    if ticket.requester_id is not None:
        return False
    user = user_by_number(ticket.requester_number)
    if user is None or not user.email:
        return False
    recent = OutboxMail.objects.filter(
        event=notifications.CLAIM_LINK_EVENT,
        thread_key=ticket.reference,
        created_at__gte=clock.now() - CLAIM_LINK_RESEND_AFTER,
    )
    if recent.exists():
        return False
    notifications.ticket_claim_link(ticket, user)
    return True


class ClaimLinkError(ValidationError):
    """A claim link that cannot be used; ``code`` says why, the message says it translated."""


def _invalid() -> ClaimLinkError:
    # One answer for forged, mangled, used and gone: nothing to learn from it.
    return ClaimLinkError(
        _("This link is not valid (any more). Copy it whole from the mail, or ask for a new one."),
        code="invalid",
    )


def _grant(token: str) -> ClaimGrant:
    try:
        grant = claim_grant_from_token(token)
    except ClaimLinkExpired:
        raise ClaimLinkError(
            _("This link has expired. Ask for a new one on the request's private page."),
            code="expired",
        ) from None
    if grant is None:
        raise _invalid()
    return grant


def _checked(ticket: Ticket | None, *, grant: ClaimGrant, user: User) -> Ticket:
    if (
        ticket is None
        or ticket.requester_id is not None
        or not constant_time_compare(claim_key_digest(ticket.access_key), grant.key_digest)
    ):
        raise _invalid()
    if grant.user_id != user.pk:
        raise ClaimLinkError(
            _(
                "This link was sent to another account. Log out and log in with the account "
                "that received the mail."
            ),
            code="wrong_user",
        )
    return ticket


def claim_link_check(*, token: str, user: User) -> Ticket:
    """The request ``token`` lets ``user`` claim now, or ClaimLinkError; changes nothing."""
    grant = _grant(token)
    ticket = Ticket.objects.filter(pk=grant.ticket_id).first()
    return _checked(ticket, grant=grant, user=user)


@transaction.atomic
def ticket_claim_by_link(*, token: str, user: User) -> Ticket:
    """Claim the request of a claim link for the logged-in ``user``, its addressee.

    Checked under the row lock, so two tabs (or two accounts) racing on one
    link claim it once: the second finds the request has an owner and is refused.
    """
    grant = _grant(token)
    ticket = Ticket.objects.select_for_update().filter(pk=grant.ticket_id).first()
    ticket = _checked(ticket, grant=grant, user=user)
    _claim(ticket=ticket, user=user)
    return ticket
