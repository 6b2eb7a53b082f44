"""The phone-code second factor: choosing it, setting it up, and using it at login."""

from allauth.account.stages import LoginStageController
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from .. import codes, flows, services
from ..forms import CodeForm, PhoneForm
from ..ratelimit import ratelimit_take
from ..selectors import user_phone_number
from ..sms import send_sms
from ..stages import PhoneCodeStage

SETUP_SLOT = "phone_setup"


def _next(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(candidate, allowed_hosts={request.get_host()}):
        return candidate
    return ""


@login_required
@never_cache
def mfa_setup(request: HttpRequest) -> HttpResponse:
    """Choose a second factor: the authenticator app or (not for staff) a phone."""
    next_url = _next(request)
    query = f"?{urlencode({'next': next_url})}" if next_url else ""
    return render(
        request,
        "accounts/mfa_setup.html",
        {"query": query, "phone_allowed": not request.user.is_staff},
    )


@login_required
@never_cache
def phone_setup(request: HttpRequest) -> HttpResponse:
    """Type a phone number; a code is texted to prove it."""
    if request.user.is_staff:
        return redirect("mfa_activate_totp")
    form = PhoneForm(request.POST or None)
    next_url = _next(request)
    if request.method == "POST" and form.is_valid():
        number = form.cleaned_data["phone_number"]
        if not ratelimit_take(request, action="code_sms", identifier=str(request.user.pk)):
            messages.error(request, _("Too many attempts. Wait a few minutes and try again."))
            return redirect("accounts:profile")
        code = codes.code_issue(session=request.session, recipient=number, slot=SETUP_SLOT)
        send_sms(to=number, text=_("Your IT Service Desk code: %(code)s") % {"code": code})
        target = reverse("accounts:phone_setup_confirm")
        return redirect(f"{target}?{urlencode({'next': next_url})}" if next_url else target)
    return render(request, "accounts/phone_setup.html", {"form": form, "next": next_url})


@login_required
@never_cache
def phone_setup_confirm(request: HttpRequest) -> HttpResponse:
    number = codes.code_pending_recipient(request.session, slot=SETUP_SLOT)
    if number is None:
        messages.warning(request, _("Ask for a new code first."))
        return redirect("accounts:phone_setup")
    form = CodeForm(request.POST or None)
    next_url = _next(request)
    if request.method == "POST" and form.is_valid():
        result, proven = codes.code_check(
            session=request.session, code=form.cleaned_data["code"], slot=SETUP_SLOT
        )
        if result == codes.CodeResult.OK:
            services.user_set_phone_authenticator(user=request.user, phone_number=proven)
            messages.success(request, _("From now on you log in with a code sent to your phone."))
            return redirect(next_url or "accounts:profile")
        if result == codes.CodeResult.WRONG:
            form.add_error("code", _("This code is not right. Check the message and try again."))
        else:
            messages.error(
                request, _("This code has expired or was tried too often. Ask for a new one.")
            )
            return redirect("accounts:phone_setup")
    context = {"form": form, "last_digits": number[-3:], "next": next_url}
    return render(request, "accounts/phone_confirm.html", context)


@login_required
@require_POST
def phone_remove(request: HttpRequest) -> HttpResponse:
    services.user_remove_phone_authenticator(user=request.user)
    messages.success(request, _("Login codes are no longer sent to your phone."))
    return redirect("accounts:profile")


@never_cache
def phone_authenticate(request: HttpRequest) -> HttpResponse:
    """During login: type the code texted to the phone, then allauth goes on."""
    stage = LoginStageController.enter(request, PhoneCodeStage.key)
    if stage is None:
        return redirect("account_login")
    number = user_phone_number(stage.login.user) or ""
    form = CodeForm(request.POST or None)
    if request.method == "POST" and "resend" in request.POST:
        try:
            flows.phone_code_resend(request, session=request.session, user=stage.login.user)
        except flows.TooManyAttempts as error:
            messages.error(request, error.message)
        else:
            messages.info(request, _("We sent a new code."))
        return redirect("accounts:phone_authenticate")
    if request.method == "POST" and form.is_valid():
        try:
            flows.phone_code_confirm(request.session, code=form.cleaned_data["code"])
        except ValidationError as error:
            if error.code == "code_wrong":
                form.add_error("code", error)
            else:
                messages.error(request, error.message)
                return stage.abort()
        else:
            return stage.exit()
    context = {"form": form, "last_digits": number[-3:]}
    return render(request, "accounts/phone_authenticate.html", context)
