"""Conditions on the caller beyond being signed in."""

from django.contrib.sessions.backends.base import SessionBase
from rest_framework.permissions import BasePermission

from accounts.selectors import user_needs_data_use_consent
from knowledgebase.selectors import user_needs_to_accept_aup

from .exceptions import AupNotAccepted, ConsentRequired


class HasAcceptedAup(BasePermission):
    """The API's AUP gate: the same rule as the portal's middleware, as a 403.

    As in the portal, the token's session remembers the accepted version, so
    only the first call of a session (and the first after a new version)
    asks the database.
    """

    def has_permission(self, request, view) -> bool:
        if not request.user.is_authenticated:
            return True
        session = request.auth if isinstance(request.auth, SessionBase) else None
        must_accept = user_needs_to_accept_aup(request.user, session)
        if session is not None and session.modified:
            session.save()
        if must_accept:
            raise AupNotAccepted()
        return True


class HasGivenConsent(BasePermission):
    """Prospects agree to the use of their profile data first (the portal's rule)."""

    def has_permission(self, request, view) -> bool:
        if request.user.is_authenticated and user_needs_data_use_consent(request.user):
            raise ConsentRequired()
        return True
