"""The public status page and "I am affected too": no login needed, cached board.

The page is rendered from ``selectors.status_board()`` (one cache read); the
"affected too" POST is rate-limited per client address and per email
address, and clicking twice links once.
"""

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.ratelimit import ratelimit_take

from . import selectors, services
from .forms import AffectedForm
from .models import Incident

#: Tries per email address an hour. Per client address the limit is
#: ``SERVICESTATUS_AFFECTED_PER_ADDRESS`` (600 by default): a campus shares a
#: few NAT addresses (eduroam), so it stops a script, not a lecture hall.
AFFECTED_PER_EMAIL = 10
AFFECTED_PERIOD = 3600


def _affected_allowed(request: HttpRequest, email: str) -> bool:
    return ratelimit_take(
        request,
        action="servicestatus:affected",
        identifier=email,
        limit=AFFECTED_PER_EMAIL,
        address_limit=settings.SERVICESTATUS_AFFECTED_PER_ADDRESS,
        period=AFFECTED_PERIOD,
    )


def _page(
    request: HttpRequest, *, form: AffectedForm | None = None, failed: str = "", status: int = 200
) -> HttpResponse:
    return render(
        request,
        "servicestatus/status.html",
        {
            "board": selectors.status_board(),
            "form": form or AffectedForm(),
            "failed_reference": failed,
        },
        status=status,
    )


@require_GET
def status_page(request: HttpRequest) -> HttpResponse:
    """Every service's state, current and scheduled events, and the last 30 days."""
    return _page(request)


@require_POST
def affected_too(request: HttpRequest, reference: str) -> HttpResponse:
    """Say "I am affected too" instead of filing a request (signed in or with an email)."""
    incident = get_object_or_404(Incident, reference=reference)
    if not incident.is_open:
        messages.info(request, _("This disruption is already resolved."))
        return redirect("servicestatus:status")
    user = request.user if request.user.is_authenticated else None
    form = AffectedForm(None if user else request.POST)
    if user is None and not form.is_valid():
        return _page(request, form=form, failed=reference, status=400)
    email = user.email if user else form.cleaned_data["email"]
    if not _affected_allowed(request, email):
        form = form if user is None else AffectedForm()
        form.add_error(None, _("Too many tries from here. Wait a while and try again."))
        return _page(request, form=form, failed=reference, status=429)
    language = translation.get_language() or settings.LANGUAGE_CODE
    _person, created = services.incident_affected_add(
        incident=incident, email=email, user=user, language=language[:2]
    )
    if created:
        messages.success(
            request,
            _("Thank you. We will mail %(email)s each update about “%(title)s”.")
            % {"email": email, "title": incident.title},
        )
    else:
        messages.info(
            request,
            _("You already told us; we will mail %(email)s each update.") % {"email": email},
        )
    return redirect(request.POST.get("next") if _safe_next(request) else "servicestatus:status")


def _safe_next(request: HttpRequest) -> bool:
    from django.utils.http import url_has_allowed_host_and_scheme

    target = request.POST.get("next", "")
    return bool(target) and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
