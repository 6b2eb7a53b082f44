"""The user model, with the identities of the people the desk serves."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .validators import (
    ALUMNI_NUMBER_PATTERN,
    PHONE_NUMBER_PATTERN,
    STUDENT_NUMBER_PATTERN,
    validate_alumni_number,
    validate_phone_number,
    validate_student_number,
)


class UserManager(DjangoUserManager):
    """Creates users of every kind; available inside migrations."""

    use_in_migrations = True


class User(AbstractUser):
    """Anyone who signs in: a student, prospect, alumnus or staff member.

    A person may hold a student and an alumni number over time; each number
    belongs to at most one account, which the database enforces.
    """

    class Kind(models.TextChoices):
        STUDENT = "student", _("Student")
        PROSPECT = "prospect", _("Prospect")
        ALUMNUS = "alumnus", _("Alumnus")
        STAFF = "staff", _("Staff")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.STUDENT)
    student_number = models.CharField(
        _("student number"),
        max_length=7,
        blank=True,
        default="",
        validators=[validate_student_number],
        help_text=_("Seven digits, handed out at first enrolment."),
    )
    alumni_number = models.CharField(
        _("alumni number"),
        max_length=8,
        blank=True,
        default="",
        validators=[validate_alumni_number],
        help_text=_("The letter Q and 7 digits, active from the first diploma."),
    )
    alternate_email = models.EmailField(
        _("alternate email address"),
        blank=True,
        default="",
        help_text=_("A private address, not the university one, used to recover the password."),
    )
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )

    initial_password = models.CharField(
        _("initial password (hashed)"),
        max_length=128,
        blank=True,
        default="",
        editable=False,
        help_text=_(
            "Set by the registrar import; it only opens the activation page and is "
            "cleared once the student has activated the account."
        ),
    )
    activated_at = models.DateTimeField(_("activated at"), null=True, blank=True, editable=False)

    objects = UserManager()

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(
                fields=["student_number"],
                condition=~Q(student_number=""),
                name="accounts_user_student_number_unique",
                violation_error_message=_("This student number belongs to another account."),
            ),
            models.UniqueConstraint(
                fields=["alumni_number"],
                condition=~Q(alumni_number=""),
                name="accounts_user_alumni_number_unique",
                violation_error_message=_("This alumni number belongs to another account."),
            ),
            models.CheckConstraint(
                condition=Q(student_number="") | Q(student_number__regex=STUDENT_NUMBER_PATTERN),
                name="accounts_user_student_number_format",
            ),
            models.CheckConstraint(
                condition=Q(alumni_number="") | Q(alumni_number__regex=ALUMNI_NUMBER_PATTERN),
                name="accounts_user_alumni_number_format",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["student", "prospect", "alumnus", "staff"]),
                name="accounts_user_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.email or self.username

    @property
    def is_awaiting_activation(self) -> bool:
        """True while a registrar's initial password is the only credential."""
        return bool(self.initial_password)


class AccountEvent(models.Model):
    """One audit row per change to an account: who did what, and when."""

    class Type(models.TextChoices):
        IMPORTED = "imported", _("Imported by the registrar")
        ACTIVATED = "activated", _("Activated")
        ALTERNATE_EMAIL_VERIFIED = "alternate_email_verified", _("Alternate email verified")
        PROSPECT_ENABLED = "prospect_enabled", _("Welcome account switched on")
        CONSENT_GIVEN = "consent_given", _("Consent given")
        DATA_EXPORTED = "data_exported", _("Data downloaded")
        PHONE_SET = "phone_set", _("Phone for login codes set")
        PHONE_REMOVED = "phone_removed", _("Phone for login codes removed")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="account_events",
    )
    acting_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("acting user"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    type = models.CharField(_("type"), max_length=32, choices=Type.choices)
    data = models.JSONField(_("data"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("account event")
        verbose_name_plural = _("account events")
        indexes = [models.Index(fields=["user", "-created_at"], name="accounts_event_user_time")]

    def __str__(self) -> str:
        return f"{self.get_type_display()} ({self.created_at:%Y-%m-%d %H:%M})"


class Consent(models.Model):
    """A user's recorded agreement, e.g. a prospect allowing use of profile data."""

    class Kind(models.TextChoices):
        PROSPECT_DATA_USE = "prospect_data_use", _("Use of profile data (prospects)")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="consents",
    )
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    given_at = models.DateTimeField(_("given at"), auto_now_add=True)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="accounts_consent_once_per_kind")
        ]

    def __str__(self) -> str:
        return self.get_kind_display()


class PhoneAuthenticator(models.Model):
    """A phone number that receives login codes by SMS: the second factor for
    those without an authenticator app (prospects may choose it; staff may not)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="phone_authenticator",
    )
    phone_number = models.CharField(
        _("phone number"),
        max_length=16,
        validators=[validate_phone_number],
        help_text=_("In international format, for example +32470123456."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("phone for login codes")
        verbose_name_plural = _("phones for login codes")
        constraints = [
            models.CheckConstraint(
                condition=Q(phone_number__regex=PHONE_NUMBER_PATTERN),
                name="accounts_phone_number_format",
            )
        ]

    def __str__(self) -> str:
        return f"…{self.phone_number[-3:]}"
