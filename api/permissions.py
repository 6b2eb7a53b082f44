"""Conditions on the caller beyond being signed in."""

from rest_framework.permissions import BasePermission

from accounts.selectors import user_needs_data_use_consent
from knowledgebase.selectors import user_needs_to_accept_aup

from .exceptions import AupNotAccepted, ConsentRequired


class HasAcceptedAup(BasePermission):
    """The API's AUP gate: the same rule as the portal's middleware, as a 403.

    One indexed EXISTS query per call, as in the portal.
    """

    def has_permission(self, request, view) -> bool:
        if request.user.is_authenticated and user_needs_to_accept_aup(request.user):
            raise AupNotAccepted()
        return True


class HasGivenConsent(BasePermission):
    """Prospects agree to the use of their profile data first (the portal's rule)."""

    def has_permission(self, request, view) -> bool:
        if request.user.is_authenticated and user_needs_data_use_consent(request.user):
            raise ConsentRequired()
        return True
