"""The account flows that take several requests, shared by the portal's pages and the API.

A flow's state lives in a session: the browser's cookie session for the
portal, a server-side session behind a token for the app. Each step here
checks the state, applies the rate limits, calls one service and moves the
state on; the pages and the API views only translate the outcome into a
redirect or a JSON answer, so a rule lives once.

Student activation: number + initial password → new password → alternate
address → code sent to it → activated. Alumni: number or email that matches
the file → code sent to the address on file → new password. The alternate
address on the profile is proven with the same kind of mailed code, and
the phone-code login stage (accounts.stages) checks a texted one. Setting up
an authenticator app keeps one secret per session until a code activates it.
"""

from dataclasses import dataclass

# allauth keeps the secret of the authenticator being set up under this
# session key and reads it back when the code is posted (its activation
# then clears it); totp_setup_secret() decides when a new one is made.
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY as TOTP_PENDING_SECRET_KEY
from allauth.mfa.totp.internal.auth import generate_totp_secret
from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _

from . import codes, notifications, services
from .models import User
from .ratelimit import ratelimit_give_back, ratelimit_take
from .selectors import alumnus_for_activation, user_phone_number
from .stages import PHONE_SLOT, send_phone_code

SESSION_KEY = "accounts_activation"
STUDENT, ALUMNI = "student", "alumni"
#: The step an activation is in once it has finished.
DONE = "done"


class TooManyAttempts(ValidationError):
    """A rate limit of the account flows was reached (the portal shows it, the API answers 429)."""

    def __init__(self) -> None:
        super().__init__(
            _("Too many attempts. Wait a few minutes and try again."), code="too_many_attempts"
        )


@dataclass
class Activation:
    """A running activation: whose, which flow, which step, where to go afterwards."""

    flow: str
    user: User
    step: str
    next: str = ""


# --- State ----------------------------------------------------------------


def activation_get(session: SessionBase, step: str) -> Activation | None:
    """The activation in ``session`` if it has reached ``step``; None otherwise."""
    state = session.get(SESSION_KEY)
    if not state or state.get("step") != step:
        return None
    user = User.objects.filter(pk=state["user_id"]).first()
    if user is None:
        return None
    return Activation(flow=state["flow"], user=user, step=step, next=state.get("next", ""))


def _save(session: SessionBase, activation: Activation) -> None:
    session[SESSION_KEY] = {
        "flow": activation.flow,
        "user_id": activation.user.pk,
        "step": activation.step,
        "next": activation.next,
    }


def _move(session: SessionBase, activation: Activation, step: str) -> None:
    activation.step = step
    _save(session, activation)


def _end(session: SessionBase, activation: Activation) -> None:
    session.pop(SESSION_KEY, None)
    activation.step = DONE


def _begin(session: SessionBase, *, flow: str, user: User, step: str, next_url: str) -> Activation:
    """A fresh activation; any code of an earlier flow in this session dies.

    The caller gives the browser a new session key first (no session fixation).
    """
    session.pop(codes.SESSION_KEY, None)
    activation = Activation(flow=flow, user=user, step=step, next=next_url)
    _save(session, activation)
    return activation


# --- Mailed codes ------------------------------------------------------------


def code_mail_count(request: HttpRequest, *, user: User) -> None:
    """Count one mailed code for ``user``; a few per window, so nobody floods a mailbox."""
    if not ratelimit_take(request, action="code_mail", identifier=str(user.pk)):
        raise TooManyAttempts()


def email_code_send(
    request: HttpRequest, *, session: SessionBase, user: User, email: str, language: str
) -> None:
    """Mail a one-time code to ``email`` on ``user``'s behalf; the session remembers it."""
    code_mail_count(request, user=user)
    code = codes.code_issue(session=session, recipient=email, slot=codes.EMAIL_SLOT)
    notifications.activation_code(email=email, code=code, language=language)


def _code_proven(session: SessionBase, code: str) -> tuple[str, str | None]:
    """Check a mailed code: (result, proven address), refusing a wrong code by raising."""
    result, proven = codes.code_check(session=session, code=code, slot=codes.EMAIL_SLOT)
    if result == codes.CodeResult.WRONG:
        raise ValidationError(
            _("This code is not right. Check the mail and try again."), code="code_wrong"
        )
    return result, proven


def code_expired_error() -> ValidationError:
    return ValidationError(
        _("This code has expired or was tried too often. Ask for a new one."),
        code="code_expired",
    )


# --- Activation steps ----------------------------------------------------


def student_activation_start(
    request: HttpRequest,
    *,
    session: SessionBase,
    student_number: str,
    initial_password: str,
    next_url: str = "",
) -> Activation:
    """Step 1 for students: the number and the initial password open the activation.

    Every try is counted before the password is checked (so parallel tries
    cannot all pass a "4 of 5" check); a right pair gives its try back, so
    only wrong pairs use up the limit per client and per number. An unknown
    number gets the same words as a wrong password.
    """
    if not ratelimit_take(request, action="activate", identifier=student_number):
        raise TooManyAttempts()
    user = services.student_check_initial_password(
        student_number=student_number, password=initial_password
    )
    if user is None:
        raise ValidationError(
            _(
                "This student number and initial password do not match an account "
                "waiting for activation. Check both and try again."
            ),
            code="activation_no_match",
        )
    ratelimit_give_back(request, action="activate", identifier=student_number)
    return _begin(session, flow=STUDENT, user=user, step="password", next_url=next_url)


def alumnus_for_activation_checked(
    request: HttpRequest, *, alumni_number: str, email: str
) -> User | None:
    """The alumnus whose number (or email) and email match the file, counting misses.

    None means "not on file like this": the caller points to the alumni
    office with the same words whether or not the number exists.
    """
    identifier = alumni_number or email
    if not ratelimit_take(request, action="alumni", identifier=identifier):
        raise TooManyAttempts()
    user = alumnus_for_activation(alumni_number=alumni_number, email=email)
    if user is not None:
        ratelimit_give_back(request, action="alumni", identifier=identifier)
    return user


def alumni_mismatch_error() -> ValidationError:
    """What a stranger to the file is told (the page shows the same with a mail link)."""
    return ValidationError(
        _(
            "We cannot send a code: these details do not match what the alumni office has "
            "on file. Please contact the alumni office at %(office)s."
        )
        % {"office": settings.ACCOUNTS_ALUMNI_OFFICE_EMAIL},
        code="alumni_mismatch",
    )


def alumnus_activation_start(
    request: HttpRequest, *, session: SessionBase, user: User, language: str, next_url: str = ""
) -> Activation:
    """Alumni: a code goes to the address on file; it proves the person."""
    code_mail_count(request, user=user)
    activation = _begin(session, flow=ALUMNI, user=user, step="code", next_url=next_url)
    code = codes.code_issue(session=session, recipient=user.email, slot=codes.EMAIL_SLOT)
    notifications.activation_code(email=user.email, code=code, language=language)
    return activation


def activation_password_set(
    session: SessionBase, activation: Activation, *, password: str
) -> Activation:
    """Store the new (validated) password: an alumnus is done, a student goes on to the address."""
    if activation.flow == ALUMNI:
        services.alumnus_activate(user=activation.user, password=password)
        _end(session, activation)
    else:
        services.user_set_password(user=activation.user, password=password)
        _move(session, activation, "email")
    return activation


def activation_email_set(
    request: HttpRequest,
    *,
    session: SessionBase,
    activation: Activation,
    email: str,
    language: str,
) -> Activation:
    """Students register a private address; a code goes to it."""
    email_code_send(request, session=session, user=activation.user, email=email, language=language)
    _move(session, activation, "code")
    return activation


def activation_code_confirm(
    session: SessionBase, activation: Activation, *, code: str
) -> Activation:
    """The mailed code proves the address (students, then activated) or the person (alumni).

    A wrong code raises ``code_wrong`` and the step stays. An expired (or
    too often tried) code raises ``code_expired``: a student goes back to
    typing an address, an alumnus's activation ends.
    """
    result, proven = _code_proven(session, code)
    if result == codes.CodeResult.OK:
        if activation.flow == ALUMNI:
            _move(session, activation, "password")
        else:
            services.student_activate(user=activation.user, alternate_email=proven)
            _end(session, activation)
        return activation
    if activation.flow == STUDENT:
        _move(session, activation, "email")
    else:
        _end(session, activation)
    raise code_expired_error()


# --- Phone code at login ------------------------------------------------------


def phone_code_resend(request: HttpRequest, *, session: SessionBase, user: User) -> None:
    """Text a new login code to ``user``'s phone; a few per account per window."""
    if not ratelimit_take(request, action="code_sms", identifier=str(user.pk)):
        raise TooManyAttempts()
    send_phone_code(session=session, phone_number=user_phone_number(user) or "")


def phone_code_confirm(session: SessionBase, *, code: str) -> None:
    """Check the texted login code; ``code_wrong`` keeps the login, ``code_expired`` ends it."""
    result, _proven = codes.code_check(session=session, code=code, slot=PHONE_SLOT)
    if result == codes.CodeResult.WRONG:
        raise ValidationError(
            _("This code is not right. Check the message and try again."), code="code_wrong"
        )
    if result != codes.CodeResult.OK:
        raise ValidationError(
            _("This code has expired or was tried too often. Log in again."),
            code="code_expired",
        )


# --- Alternate address on the profile -----------------------------------------


def alternate_email_start(
    request: HttpRequest, *, session: SessionBase, user: User, email: str, language: str
) -> None:
    """Send a code to a new alternate address; it is stored once the code comes back."""
    email_code_send(request, session=session, user=user, email=email, language=language)


def alternate_email_pending(session: SessionBase) -> str | None:
    """The new alternate address waiting for its code, if any."""
    return codes.code_pending_recipient(session, slot=codes.EMAIL_SLOT)


def alternate_email_confirm(session: SessionBase, *, user: User, code: str) -> User:
    """Store the address the code proves; ``code_wrong`` / ``code_expired`` otherwise."""
    result, proven = _code_proven(session, code)
    if result != codes.CodeResult.OK:
        raise code_expired_error()
    return services.user_set_alternate_email(user=user, email=proven)


# --- Authenticator app set-up ---------------------------------------------


def totp_setup_secret(session: SessionBase) -> str:
    """The secret of the authenticator app being set up in ``session``: made once, then kept.

    allauth makes a new secret each time its set-up page or the app's
    ``GET .../authenticators/totp`` is answered, so a second load (a reload,
    a background request, an app resuming or rotating its screen) replaced
    the secret behind the QR code already scanned and every code was
    refused. The portal's page (accounts.forms.ActivateTOTPForm) and the
    app's endpoint (api.headless.TOTPSetupView) both take the secret from
    here: the pending one stays until a code activates it (allauth then
    removes it, so a later set-up gets a new one) or the session ends.
    """
    secret = session.get(TOTP_PENDING_SECRET_KEY)
    if not secret:
        secret = session[TOTP_PENDING_SECRET_KEY] = generate_totp_secret()
    return secret
