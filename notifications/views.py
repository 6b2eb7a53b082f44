"""The one-click unsubscribe page behind ``List-Unsubscribe`` (RFC 8058).

No login and no CSRF token: the signed token in the link is the key, and a
mail provider POSTs ``List-Unsubscribe=One-Click`` without cookies. A GET
never switches anything off (mail scanners and link previewers open every
link in a mail); it shows what the button will do. Every refusal is a
translated page, never a 500.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from .kinds import OPTIONAL_KINDS
from .preferences import mail_kind_switch_off
from .unsubscribe import ONE_CLICK_FIELD, ONE_CLICK_VALUE, UnsubscribeLinkExpired, grant_from_token


def _refused(request: HttpRequest, message: str, status: int) -> HttpResponse:
    return render(
        request, "notifications/unsubscribe/refused.html", {"message": message}, status=status
    )


@csrf_exempt  # the signed token is the authority; providers post without cookies
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """Ask (GET) or switch the kind of mail off (POST ``List-Unsubscribe=One-Click``)."""
    try:
        grant = grant_from_token(token)
    except UnsubscribeLinkExpired:
        return _refused(
            request,
            _(
                "This unsubscribe link has expired. You can switch mails off in your profile "
                "after signing in."
            ),
            410,
        )
    if grant is None:
        return _refused(
            request,
            _(
                "This unsubscribe link is not valid. Use the link from the mail exactly as it "
                "was sent, or switch mails off in your profile after signing in."
            ),
            400,
        )
    context = {"kind_label": OPTIONAL_KINDS[grant.kind], "token": token, "done": False}
    context |= {"field": ONE_CLICK_FIELD, "value": ONE_CLICK_VALUE}
    if request.method == "POST":
        if request.POST.get(ONE_CLICK_FIELD) != ONE_CLICK_VALUE:
            return _refused(
                request, _("Use the button on the page of the link to switch these mails off."), 400
            )
        mail_kind_switch_off(user=grant.user, kind=grant.kind)
        context["done"] = True
    return render(request, "notifications/unsubscribe/confirm.html", context)
