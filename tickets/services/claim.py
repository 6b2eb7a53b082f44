"""Giving requests filed without an account to the account that logs in."""

from allauth.account.models import EmailAddress
from django.db import transaction
from django.db.models import Q

from accounts.models import User
from tickets import events
from tickets.models import Ticket


@transaction.atomic
def tickets_claim_for_user(*, user: User) -> int:
    """Attach unclaimed requests filed with one of the user's verified addresses or numbers.

    Only verified email addresses count, so nobody can take over someone
    else's requests by adding that address unverified. Returns how many.
    """
    emails = list(
        EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True)
    )
    match = Q(pk__in=[])
    for email in emails:
        match |= Q(requester_email__iexact=email)
    for number in (user.student_number, user.alumni_number):
        if number:
            match |= Q(requester_number=number.upper())
    claimed = 0
    for ticket in Ticket.objects.select_for_update().filter(match, requester__isnull=True):
        ticket.requester = user
        ticket.save(update_fields=["requester"])
        events.ticket_claimed_event(ticket=ticket, acting_user=user)
        claimed += 1
    return claimed
