"""Activation of student and alumni accounts, step by step.

The state of a running activation lives in the session (who, which flow,
which step, where to go afterwards), never in the URL. Each step checks that
the session reached it, validates with a form and lets ``accounts.flows``
take the step; the view only turns the outcome into a page or a redirect.

Student: number + initial password → new password → alternate address →
code sent to it → activated, log in. Alumnus: number or email that matches
the file → code sent to the address on file → new password → log in.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from .. import codes, flows
from ..flows import Activation
from ..forms import (
    AlternateEmailForm,
    AlumniActivationForm,
    CodeForm,
    NewPasswordForm,
    StudentActivationForm,
)


def _safe_next(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return ""


def _restart(request: HttpRequest) -> HttpResponse:
    messages.warning(request, _("Your activation session has expired. Please start again."))
    return redirect("accounts:activate")


def _to_step(activation: Activation) -> HttpResponse:
    return redirect(f"accounts:activate_{activation.step}")


def _finish(request: HttpRequest, activation: Activation) -> HttpResponse:
    """Activation done: log in with the new password through the protected login."""
    messages.success(
        request,
        _(
            "Your account is active. From now on you log in with your university address"
            " %(email)s and your new password."
        )
        % {"email": activation.user.email},
    )
    target = reverse("account_login")
    if activation.next:
        target = f"{target}?{urlencode({'next': activation.next})}"
    return HttpResponseRedirect(target)


@never_cache
@sensitive_post_parameters("initial_password")
def activate(request: HttpRequest) -> HttpResponse:
    """Step 1 for students: student number and the initial password."""
    form = StudentActivationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        next_url = _safe_next(request)
        try:
            activation = flows.student_activation_start(
                request,
                session=request.session,
                student_number=form.cleaned_data["student_number"],
                initial_password=form.cleaned_data["initial_password"],
                next_url=next_url,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            # A new session key once the person is identified: no session fixation.
            request.session.cycle_key()
            return _to_step(activation)
    return render(request, "accounts/activate.html", {"form": form, "next": _safe_next(request)})


@never_cache
@sensitive_post_parameters("password1", "password2")
def activate_password(request: HttpRequest) -> HttpResponse:
    """Choose the new password (students after step 1, alumni after their code)."""
    activation = flows.activation_get(request.session, "password")
    if activation is None:
        return _restart(request)
    form = NewPasswordForm(request.POST or None, user=activation.user)
    if request.method == "POST" and form.is_valid():
        flows.activation_password_set(
            request.session, activation, password=form.cleaned_data["password1"]
        )
        if activation.step == flows.DONE:
            return _finish(request, activation)
        return _to_step(activation)
    return render(
        request, "accounts/activate_password.html", {"form": form, "flow": activation.flow}
    )


@never_cache
def activate_email(request: HttpRequest) -> HttpResponse:
    """Students register a private address; a code goes to it."""
    activation = flows.activation_get(request.session, "email")
    if activation is None:
        return _restart(request)
    form = AlternateEmailForm(request.POST or None, user=activation.user)
    if request.method == "POST" and form.is_valid():
        try:
            flows.activation_email_set(
                request,
                session=request.session,
                activation=activation,
                email=form.cleaned_data["email"],
                language=get_language(),
            )
        except flows.TooManyAttempts as error:
            form.add_error(None, error)
        else:
            return _to_step(activation)
    return render(request, "accounts/activate_email.html", {"form": form})


@never_cache
def activate_code(request: HttpRequest) -> HttpResponse:
    """Type the mailed code: it proves the address (students) or the person (alumni)."""
    activation = flows.activation_get(request.session, "code")
    if activation is None:
        return _restart(request)
    email = flows.alternate_email_pending(request.session)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            flows.activation_code_confirm(
                request.session, activation, code=form.cleaned_data["code"]
            )
        except ValidationError as error:
            if error.code == "code_wrong":
                form.add_error("code", error)
            else:
                messages.error(request, error.message)
                if activation.step == flows.DONE:
                    return redirect("accounts:alumni_activate")
                return _to_step(activation)
        else:
            if activation.step == flows.DONE:
                return _finish(request, activation)
            return _to_step(activation)
    return render(
        request,
        "accounts/activate_code.html",
        {"form": form, "email": email, "flow": activation.flow, "minutes": codes.code_minutes()},
    )


@never_cache
def alumni_activate(request: HttpRequest) -> HttpResponse:
    """Alumni: number or email; the email must be the one on file; a code goes there.

    Also the way back in after a forgotten password: a new code, then a new
    password. A number and address that do not match the file point to the
    alumni office, with the same words whether or not the number exists.
    """
    form = AlumniActivationForm(request.POST or None)
    mismatch = False
    if request.method == "POST" and form.is_valid():
        try:
            user = flows.alumnus_for_activation_checked(
                request,
                alumni_number=form.cleaned_data["alumni_number"],
                email=form.cleaned_data["email"],
            )
            if user is None:
                mismatch = True
            else:
                activation = flows.alumnus_activation_start(
                    request,
                    session=request.session,
                    user=user,
                    language=get_language(),
                    next_url=_safe_next(request),
                )
                # A new session key once the person is identified: no session fixation.
                request.session.cycle_key()
                return _to_step(activation)
        except flows.TooManyAttempts as error:
            form.add_error(None, error)
    return render(
        request,
        "accounts/alumni_activate.html",
        {
            "form": form,
            "mismatch": mismatch,
            "alumni_office_email": settings.ACCOUNTS_ALUMNI_OFFICE_EMAIL,
            "next": _safe_next(request),
        },
    )
