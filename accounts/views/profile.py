"""The profile page, the prospect's consent step and the data download."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from notifications.preferences import MailPreferencesForm, mail_preferences_set

from .. import codes, events, flows, services
from ..exports import user_data_export
from ..forms import AlternateEmailForm, CodeForm, ConsentForm, ProfileForm
from ..models import Consent
from ..selectors import user_has_totp, user_phone_number


@login_required
@never_cache
def profile(request: HttpRequest) -> HttpResponse:
    """Language, alternate address, MFA links and the data download."""
    user = request.user
    form = ProfileForm(
        request.POST or None,
        initial={"preferred_language": user.preferred_language},
        prefix="profile",
    )
    if request.method == "POST" and form.is_valid():
        services.user_set_preferred_language(
            user=user, language=form.cleaned_data["preferred_language"]
        )
        messages.success(request, _("Your profile is saved."))
        response = redirect("accounts:profile")
        response.delete_cookie("django_language")
        return response
    return _render_profile(request, form=form)


def _render_profile(request: HttpRequest, **forms) -> HttpResponse:
    """The profile page with fresh forms, except those passed in (with errors)."""
    user = request.user
    context = {
        "form": ProfileForm(
            initial={"preferred_language": user.preferred_language}, prefix="profile"
        ),
        "email_form": AlternateEmailForm(user=user, prefix="alt"),
        "mail_form": MailPreferencesForm.for_user(user),
        "has_totp": user_has_totp(user),
        "phone_last_digits": (user_phone_number(user) or "")[-3:],
        **forms,
    }
    return render(request, "accounts/profile.html", context)


@login_required
@require_POST
def mail_preferences(request: HttpRequest) -> HttpResponse:
    """Which optional mails the user wants (the notifications app owns the rule)."""
    form = MailPreferencesForm.for_user(request.user, data=request.POST)
    if not form.is_valid():
        return _render_profile(request, mail_form=form)
    mail_preferences_set(
        user=request.user,
        enabled_kinds=form.cleaned_data["enabled_kinds"],
        acting_user=request.user,
    )
    messages.success(request, _("Your profile is saved."))
    return redirect("accounts:profile")


@login_required
@require_POST
def alternate_email_start(request: HttpRequest) -> HttpResponse:
    """Send a code to a new alternate address; it is stored once the code is typed."""
    form = AlternateEmailForm(request.POST, user=request.user, prefix="alt")
    if not form.is_valid():
        return _render_profile(request, email_form=form)
    try:
        flows.alternate_email_start(
            request,
            session=request.session,
            user=request.user,
            email=form.cleaned_data["email"],
            language=get_language(),
        )
    except flows.TooManyAttempts as error:
        messages.error(request, error.message)
        return redirect("accounts:profile")
    return redirect("accounts:alternate_email_confirm")


@login_required
@never_cache
def alternate_email_confirm(request: HttpRequest) -> HttpResponse:
    email = flows.alternate_email_pending(request.session)
    if email is None:
        messages.warning(request, _("Ask for a new code first."))
        return redirect("accounts:profile")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            flows.alternate_email_confirm(
                request.session, user=request.user, code=form.cleaned_data["code"]
            )
        except ValidationError as error:
            if error.code == "code_wrong":
                form.add_error("code", error)
            else:
                messages.error(request, error.message)
                return redirect("accounts:profile")
        else:
            messages.success(request, _("Your alternate email address is saved."))
            return redirect("accounts:profile")
    return render(
        request,
        "accounts/alternate_email_confirm.html",
        {"form": form, "email": email, "minutes": codes.code_minutes()},
    )


@login_required
@require_POST
def data_download(request: HttpRequest) -> HttpResponse:
    """The user's own data as a JSON file (POST: it writes an audit row)."""
    data = user_data_export(user=request.user)
    events.data_exported_event(user=request.user)
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False), content_type="application/json"
    )
    response["Content-Disposition"] = 'attachment; filename="my-data.json"'
    return response


@login_required
@never_cache
def consent(request: HttpRequest) -> HttpResponse:
    """Prospects agree to the use of their profile data before anything else."""
    form = ConsentForm(request.POST or None)
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = ""
    if request.method == "POST" and form.is_valid():
        services.consent_give(user=request.user, kind=Consent.Kind.PROSPECT_DATA_USE)
        return redirect(next_url or "home")
    return render(request, "accounts/consent.html", {"form": form, "next": next_url})
