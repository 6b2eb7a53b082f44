"""Subscribing to a service's status: ask, confirm (POST), unsubscribe (one click).

Links in mail only open pages: confirming is a POST from the page the link
opens (a mail scanner following links confirms nothing). Unsubscribing
accepts the RFC 8058 one-click POST without login or CSRF token (the signed
token is the proof); a GET shows the button. A bad, expired or tampered
token shows a translated page with status 400, never a 500.
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from core.ratelimit import ratelimit_take

from . import subscriptions, tokens
from .forms import SubscribeForm

#: Subscription requests per address (confirmation mails) and per client an hour.
SUBSCRIBE_PER_EMAIL = 5
SUBSCRIBE_PER_CLIENT = 100
SUBSCRIBE_PERIOD = 3600


def _subscribe_allowed(request: HttpRequest, email: str) -> bool:
    return ratelimit_take(
        request,
        action="servicestatus:subscribe",
        identifier=email,
        limit=SUBSCRIBE_PER_EMAIL,
        address_limit=SUBSCRIBE_PER_CLIENT,
        period=SUBSCRIBE_PERIOD,
    )


@require_http_methods(["GET", "POST"])
def subscribe(request: HttpRequest) -> HttpResponse:
    """Ask for status mail about a service (double opt-in)."""
    initial = {"service": request.GET.get("service", "")}
    if request.user.is_authenticated:
        initial["email"] = request.user.email
    if request.method == "GET":
        form = SubscribeForm(initial=initial)
        return render(request, "servicestatus/subscribe.html", {"form": form})
    form = SubscribeForm(request.POST)
    if not form.is_valid():
        return render(request, "servicestatus/subscribe.html", {"form": form}, status=400)
    email = form.cleaned_data["email"]
    if not _subscribe_allowed(request, email):
        form.add_error(None, _("Too many tries from here. Wait a while and try again."))
        return render(request, "servicestatus/subscribe.html", {"form": form}, status=429)
    language = (translation.get_language() or settings.LANGUAGE_CODE)[:2]
    service = form.cleaned_data["service"]
    subscriptions.subscription_request(service=service, email=email, language=language)
    return render(
        request,
        "servicestatus/subscribe_sent.html",
        {"email": email, "service": service},
    )


def _bad_link(request: HttpRequest, *, expired: bool = False) -> HttpResponse:
    message = (
        _("This confirmation link has expired. Subscribe again to get a new one.")
        if expired
        else _("This link is not valid (any more). Perhaps you already unsubscribed.")
    )
    return render(request, "servicestatus/bad_link.html", {"message": message}, status=400)


@require_http_methods(["GET", "POST"])
def subscription_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows the confirm button; POST confirms."""
    try:
        subscription = tokens.subscription_from_confirm_token(token)
    except tokens.TokenExpired:
        return _bad_link(request, expired=True)
    if subscription is None:
        return _bad_link(request)
    done = False
    if request.method == "POST":
        subscriptions.subscription_confirm(subscription=subscription)
        done = True
    return render(
        request,
        "servicestatus/subscription_confirm.html",
        {"subscription": subscription, "done": done},
    )


@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows the button; POST (the page's or a mail client's one-click) unsubscribes."""
    subscription = tokens.subscription_from_unsubscribe_token(token)
    if subscription is None:
        if request.method == "POST":  # a second click: already gone, which is what was asked
            return render(request, "servicestatus/unsubscribe.html", {"done": True})
        return _bad_link(request)
    if request.method == "POST":
        service = subscription.service
        subscriptions.subscription_cancel(subscription=subscription)
        return render(request, "servicestatus/unsubscribe.html", {"done": True, "service": service})
    return render(
        request, "servicestatus/unsubscribe.html", {"subscription": subscription, "done": False}
    )
