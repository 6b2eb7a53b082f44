"""Signal receivers: the only side effect tickets hangs on someone else's event."""

from allauth.account.signals import user_logged_in
from django.dispatch import receiver

from .services import tickets_claim_for_user


@receiver(user_logged_in, dispatch_uid="tickets_claim_on_login")
def claim_requests_on_login(sender, request, user, **kwargs) -> None:
    """Requests filed without an account become the user's once they log in."""
    tickets_claim_for_user(user=user)
