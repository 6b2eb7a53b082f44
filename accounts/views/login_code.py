"""allauth's "mail me a login code", also for a visitor signed in as someone else."""

from allauth.account import views as allauth_views
from django.http import HttpResponse

from ..identity import identity_end


class RequestLoginCodeView(allauth_views.RequestLoginCodeView):
    """Asking for a login code while signed in starts a login as another identity.

    allauth sends a signed-in visitor nowhere after the request (a redirect
    without an address) and its code page turns signed-in visitors away, so
    a staff member could not log in by code as their other identity. The
    signed-in session ends as soon as a code is asked for, whether or not
    the address has an account, so the answer reveals nothing about it.
    """

    def form_valid(self, form) -> HttpResponse:
        identity_end(self.request)
        return super().form_valid(form)


request_login_code = RequestLoginCodeView.as_view()
