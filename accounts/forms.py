"""Forms for the account flows: allauth's forms with our rules, and our own steps.

allauth's password forms are extended (set through ``ACCOUNT_FORMS``) so the
new-password field shows the live checklist; its password reset form is
pointed at the alternate address.
"""

from allauth.account import forms as allauth_forms
from allauth.account.models import EmailAddress
from allauth.core import context as allauth_context
from allauth.mfa.base import forms as allauth_mfa_forms
from allauth.mfa.totp import forms as allauth_totp_forms
from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.hashers import check_password
from django.template.loader import render_to_string
from django.utils.crypto import salted_hmac
from django.utils.functional import lazy
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from . import flows
from .flows import TOTP_PENDING_SECRET_KEY
from .models import User
from .password_validation import password_checklist
from .validators import validate_alumni_number, validate_phone_number, validate_student_number


def _checklist_html() -> SafeString:
    html = render_to_string(
        "accounts/partials/password_checklist.html", {"items": password_checklist()}
    )
    return mark_safe(html)  # noqa: S308 - our own template, autoescaped


#: Help text for every new-password field: the rules as a checklist, rendered
#: lazily so it follows the language of the request.
checklist_help_text = lazy(_checklist_html, SafeString)


class ChecklistMixin:
    """Show the password checklist under ``password1``."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["password1"].help_text = checklist_help_text()


class ChangePasswordForm(ChecklistMixin, allauth_forms.ChangePasswordForm):
    pass


class SetPasswordForm(ChecklistMixin, allauth_forms.SetPasswordForm):
    pass


class ResetPasswordKeyForm(ChecklistMixin, allauth_forms.ResetPasswordKeyForm):
    pass


class AlternateEmailResetPasswordForm(allauth_forms.ResetPasswordForm):
    """Recovery goes to the alternate address only, never the university mailbox.

    The university mailbox is out of reach when the password is lost, so the
    user types the private address they registered. allauth then mails the
    reset link there, or (enumeration prevention) mails "no account" to an
    unknown address; the page answers the same either way.
    """

    email = forms.EmailField(
        label=_("Your alternate email address"),
        help_text=_("The private address you registered when you activated your account."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def clean_email(self) -> str:
        email = self.cleaned_data["email"]
        self.users = list(
            User.objects.filter(alternate_email__iexact=email, is_active=True, initial_password="")
        )
        return email

    def save(self, request, **kwargs) -> str:
        if not self.users:
            # Do the work a known address costs (reset token, its queries), so
            # neither the database nor the clock tells the two answers apart.
            # allauth mails the unknown address a "no account" note instead.
            # The two reads mirror those allauth's reset token makes for a user.
            email = self.cleaned_data["email"]
            EmailAddress.objects.filter(user_id=0, email__iexact=email).exists()
            list(EmailAddress.objects.filter(user_id=0).values_list("email", flat=True))
            salted_hmac("accounts.reset.equalise", email, algorithm="sha256").hexdigest()
        else:
            # The unknown-address road asks whose own address it is (the
            # adapter's wrong-route mail); the same read here keeps the two
            # roads equal in work.
            email = self.cleaned_data["email"]
            User.objects.filter(email__iexact=email, is_active=True).first()
        return super().save(request, **kwargs)


class StudentActivationForm(forms.Form):
    student_number = forms.CharField(
        label=_("Student number"),
        max_length=7,
        validators=[validate_student_number],
        help_text=_("Seven digits, for example 0123456."),
        widget=forms.TextInput(attrs={"autocomplete": "username", "inputmode": "numeric"}),
    )
    initial_password = forms.CharField(
        label=_("Initial password"),
        strip=False,
        help_text=_("The password you received from the registrar."),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class AlumniActivationForm(forms.Form):
    alumni_number = forms.CharField(
        label=_("Alumni number (optional)"),
        max_length=8,
        required=False,
        validators=[validate_alumni_number],
        help_text=_("The letter Q and 7 digits, for example Q1234567."),
        widget=forms.TextInput(attrs={"autocomplete": "username"}),
    )
    email = forms.EmailField(
        label=_("Email address"),
        help_text=_("The address the alumni office has on file for you."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def clean_alumni_number(self) -> str:
        return self.cleaned_data["alumni_number"].strip().upper()


class NewPasswordForm(forms.Form):
    """Choose a password that obeys the rules (and, for students, is not the initial one)."""

    password1 = forms.CharField(
        label=_("New password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("New password (again)"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, user: User, **kwargs) -> None:
        self.user = user
        super().__init__(*args, **kwargs)
        self.fields["password1"].help_text = checklist_help_text()

    def clean_password1(self) -> str:
        password = self.cleaned_data["password1"]
        if self.user.initial_password and _matches_initial(self.user, password):
            raise forms.ValidationError(
                _("Choose a new password, not the initial one you received."),
                code="password_is_initial",
            )
        password_validation.validate_password(password, self.user)
        return password

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("password1") and cleaned.get("password2") != cleaned["password1"]:
            self.add_error("password2", _("The two passwords do not match."))
        return cleaned


def _matches_initial(user: User, password: str) -> bool:
    return check_password(password, user.initial_password)


class AlternateEmailForm(forms.Form):
    email = forms.EmailField(
        label=_("Alternate email address"),
        help_text=_(
            "A private address, not your university one. We send a code to it now, "
            "and a reset link if you ever forget your password."
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def __init__(self, *args, user: User, **kwargs) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip()
        if self.user.email and email.lower() == self.user.email.lower():
            raise forms.ValidationError(
                _("Use a private address, not your university address."),
                code="alternate_is_primary",
            )
        return email


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=12,
        help_text=_("The code from the mail we just sent you."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "class": "code-input"}
        ),
    )

    def clean_code(self) -> str:
        return "".join(self.cleaned_data["code"].split())


class ConsentForm(forms.Form):
    agree = forms.BooleanField(
        label=_("I agree that the service desk uses my profile data to help me."),
        error_messages={"required": _("Tick the box to continue.")},
    )


class ProfileForm(forms.Form):
    """What a user sets on the profile page (a plain form: the service does the write)."""

    preferred_language = forms.ChoiceField(
        label=_("Language for pages and mails"), choices=settings.LANGUAGES
    )


class PhoneNumberField(forms.CharField):
    """Accepts the spaces people type in phone numbers and drops them."""

    def to_python(self, value):
        return "".join(super().to_python(value).split())


class PhoneForm(forms.Form):
    phone_number = PhoneNumberField(
        label=_("Mobile phone number"),
        max_length=24,
        validators=[validate_phone_number],
        help_text=_("In international format, for example +32470123456."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )


class ActivateTOTPForm(allauth_totp_forms.ActivateTOTPForm):
    """allauth's authenticator set-up form, keeping one secret until it is used.

    allauth's form makes a new secret whenever it is shown unfilled; here the
    secret comes from accounts.flows.totp_setup_secret (the rule the app's
    set-up endpoint follows too): the pending one stays until a code
    activates it or the session ends.
    """

    def __init__(self, *args, **kwargs) -> None:
        session = allauth_context.request.session
        secret = flows.totp_setup_secret(session)
        super().__init__(*args, **kwargs)
        # Put back the secret allauth's __init__ has just replaced.
        session[TOTP_PENDING_SECRET_KEY] = self.secret = secret


class LoginCodeTriesMixin:
    """Counts a login-code try atomically before allauth compares the code.

    allauth counts wrong login codes in the session (read, add one, write
    back), so parallel guesses on one login each saw "no tries used" and
    were all compared. Here each try is counted first under the code's own
    identity (core.ratelimit); past ``ACCOUNT_LOGIN_BY_CODE_MAX_ATTEMPTS``
    the guess is refused uncompared, and allauth's own count then ends the
    login as usual.
    """

    expected_code: str | None

    def clean_code(self) -> str:
        from allauth.account.adapter import get_adapter

        from .ratelimit import login_code_try_take

        if self.expected_code and not login_code_try_take(code=self.expected_code):
            raise get_adapter().validation_error("incorrect_code")
        return super().clean_code()


class ConfirmLoginCodeForm(LoginCodeTriesMixin, allauth_forms.ConfirmLoginCodeForm):
    """allauth's login-code form with the atomic try count (ACCOUNT_FORMS)."""


class AuthenticateForm(allauth_mfa_forms.AuthenticateForm):
    """allauth's authenticator-code step with an atomic try count (MFA_FORMS).

    allauth counts wrong codes in the cache with a read and a write, so on
    the embedded file cache parallel guesses each saw "no tries used". Each
    try is counted first (core.ratelimit); past the limit the code is
    not compared at all.
    """

    def clean_code(self) -> str:
        from allauth.account.adapter import get_adapter

        from .ratelimit import mfa_code_try_take

        if not mfa_code_try_take(user_pk=self.user.pk):
            raise get_adapter().validation_error("too_many_login_attempts")
        return super().clean_code()
