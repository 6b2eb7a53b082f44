"""Activation of student and alumni accounts, step by step.

The state of a running activation lives in the session (who, which flow,
which step, where to go afterwards), never in the URL. Each step checks that
the session reached it, validates with a form, calls one service and moves on.

Student: number + initial password → new password → alternate address →
code sent to it → activated, log in. Alumnus: number or email that matches
the file → code sent to the address on file → new password → log in.
"""

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from .. import codes, notifications, services
from ..forms import (
    AlternateEmailForm,
    AlumniActivationForm,
    CodeForm,
    NewPasswordForm,
    StudentActivationForm,
)
from ..models import User
from ..ratelimit import ratelimit_exceeded, ratelimit_hit
from ..selectors import alumnus_for_activation

SESSION_KEY = "accounts_activation"
STUDENT, ALUMNI = "student", "alumni"


def _safe_next(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return ""


def _start(request: HttpRequest, *, flow: str, user: User, step: str) -> None:
    # A new session key once the person is identified: no session fixation.
    request.session.cycle_key()
    request.session.pop(codes.SESSION_KEY, None)
    request.session[SESSION_KEY] = {
        "flow": flow,
        "user_id": user.pk,
        "step": step,
        "next": _safe_next(request),
    }


def _state(request: HttpRequest, step: str) -> tuple[dict, User] | None:
    state = request.session.get(SESSION_KEY)
    if not state or state["step"] != step:
        return None
    user = User.objects.filter(pk=state["user_id"]).first()
    return (state, user) if user else None


def _move(request: HttpRequest, state: dict, step: str) -> HttpResponse:
    state["step"] = step
    request.session[SESSION_KEY] = state
    return redirect(f"accounts:activate_{step}")


def _restart(request: HttpRequest) -> HttpResponse:
    messages.warning(request, _("Your activation session has expired. Please start again."))
    return redirect("accounts:activate")


def _may_mail_code(request: HttpRequest, user: User) -> bool:
    """Count a mailed code; a few per account per window, so nobody floods a mailbox."""
    if ratelimit_exceeded(request, action="code_mail", identifier=str(user.pk)):
        return False
    ratelimit_hit(request, action="code_mail", identifier=str(user.pk))
    return True


def _finish(request: HttpRequest, state: dict) -> HttpResponse:
    """Activation done: log in with the new password through the protected login."""
    request.session.pop(SESSION_KEY, None)
    messages.success(request, _("Your account is active. Log in with your new password."))
    target = reverse("account_login")
    if state.get("next"):
        target = f"{target}?{urlencode({'next': state['next']})}"
    return HttpResponseRedirect(target)


@never_cache
@sensitive_post_parameters("initial_password")
def activate(request: HttpRequest) -> HttpResponse:
    """Step 1 for students: student number and the initial password."""
    form = StudentActivationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        number = form.cleaned_data["student_number"]
        if ratelimit_exceeded(request, action="activate", identifier=number):
            form.add_error(None, _("Too many attempts. Wait a few minutes and try again."))
        else:
            user = services.student_check_initial_password(
                student_number=number, password=form.cleaned_data["initial_password"]
            )
            if user is None:
                ratelimit_hit(request, action="activate", identifier=number)
                form.add_error(
                    None,
                    _(
                        "This student number and initial password do not match an account "
                        "waiting for activation. Check both and try again."
                    ),
                )
            else:
                _start(request, flow=STUDENT, user=user, step="password")
                return redirect("accounts:activate_password")
    return render(request, "accounts/activate.html", {"form": form, "next": _safe_next(request)})


@never_cache
@sensitive_post_parameters("password1", "password2")
def activate_password(request: HttpRequest) -> HttpResponse:
    """Choose the new password (students after step 1, alumni after their code)."""
    found = _state(request, "password")
    if found is None:
        return _restart(request)
    state, user = found
    form = NewPasswordForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        password = form.cleaned_data["password1"]
        if state["flow"] == ALUMNI:
            services.alumnus_activate(user=user, password=password)
            return _finish(request, state)
        services.user_set_password(user=user, password=password)
        return _move(request, state, "email")
    return render(request, "accounts/activate_password.html", {"form": form, "flow": state["flow"]})


@never_cache
def activate_email(request: HttpRequest) -> HttpResponse:
    """Students register a private address; a code goes to it."""
    found = _state(request, "email")
    if found is None:
        return _restart(request)
    state, user = found
    form = AlternateEmailForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        if not _may_mail_code(request, user):
            form.add_error(None, _("Too many attempts. Wait a few minutes and try again."))
        else:
            code = codes.code_issue(session=request.session, email=email)
            notifications.activation_code(email=email, code=code, language=get_language())
            return _move(request, state, "code")
    return render(request, "accounts/activate_email.html", {"form": form})


@never_cache
def activate_code(request: HttpRequest) -> HttpResponse:
    """Type the mailed code: it proves the address (students) or the person (alumni)."""
    found = _state(request, "code")
    if found is None:
        return _restart(request)
    state, user = found
    email = codes.code_pending_email(request.session)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result, proven = codes.code_check(session=request.session, code=form.cleaned_data["code"])
        if result == codes.CodeResult.OK:
            if state["flow"] == ALUMNI:
                return _move(request, state, "password")
            services.student_activate(user=user, alternate_email=proven)
            return _finish(request, state)
        if result == codes.CodeResult.WRONG:
            form.add_error("code", _("This code is not right. Check the mail and try again."))
        else:
            messages.error(
                request, _("This code has expired or was tried too often. Ask for a new one.")
            )
            back = "email" if state["flow"] == STUDENT else None
            if back:
                return _move(request, state, back)
            request.session.pop(SESSION_KEY, None)
            return redirect("accounts:alumni_activate")
    return render(
        request,
        "accounts/activate_code.html",
        {"form": form, "email": email, "flow": state["flow"]},
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
        number, email = form.cleaned_data["alumni_number"], form.cleaned_data["email"]
        identifier = number or email
        if ratelimit_exceeded(request, action="alumni", identifier=identifier):
            form.add_error(None, _("Too many attempts. Wait a few minutes and try again."))
        else:
            user = alumnus_for_activation(alumni_number=number, email=email)
            if user is None:
                ratelimit_hit(request, action="alumni", identifier=identifier)
                mismatch = True
            elif not _may_mail_code(request, user):
                form.add_error(None, _("Too many attempts. Wait a few minutes and try again."))
            else:
                _start(request, flow=ALUMNI, user=user, step="code")
                code = codes.code_issue(session=request.session, email=user.email)
                notifications.activation_code(email=user.email, code=code, language=get_language())
                return redirect("accounts:activate_code")
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
