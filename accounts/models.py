"""The user model, with the identities of the people the desk serves."""

import uuid

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.storage import PrivateFileStorage

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


def student_import_path(instance: "StudentImport", filename: str) -> str:
    """A random name per upload: the registrar's file name is kept in a field, not on disk."""
    return f"student-imports/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.csv"


class StudentImport(models.Model):
    """One upload of the registrar's CSV, imported in the background by a worker.

    The row is the job's single source of truth: ``rows_done`` is the cursor
    a restarted job continues from, and ``claimed_at`` is set while one worker
    holds the job (empty means: free for the next batch). The file stays in
    private storage, because it holds initial passwords.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="student_imports",
    )
    file = models.FileField(
        _("file"), upload_to=student_import_path, storage=PrivateFileStorage(), max_length=200
    )
    file_name = models.CharField(_("file name"), max_length=255, blank=True, default="")
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.QUEUED
    )
    rows_total = models.PositiveIntegerField(_("rows in the file"), default=0)
    rows_done = models.PositiveIntegerField(
        _("rows processed"),
        default=0,
        help_text=_("Where a restarted import continues."),
    )
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    refused = models.PositiveIntegerField(_("refused"), default=0)
    last_error = models.TextField(_("last error"), blank=True, default="")
    created_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    updated_at = models.DateTimeField(_("last progress"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("student import")
        verbose_name_plural = _("student imports")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="accounts_import_created_idx"),
            # The sweeper's filter: only unfinished jobs, a handful at most.
            models.Index(
                fields=["updated_at"],
                name="accounts_import_open_idx",
                condition=Q(status__in=["queued", "running"]),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["queued", "running", "done", "failed"]),
                name="accounts_import_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(rows_done__lte=models.F("rows_total")),
                name="accounts_import_cursor_in_file",
            ),
            models.CheckConstraint(
                condition=~Q(status="done") | Q(finished_at__isnull=False),
                name="accounts_import_done_has_time",
            ),
        ]

    def __str__(self) -> str:
        return self.file_name or f"#{self.pk}"

    @property
    def is_open(self) -> bool:
        """True while a worker still has rows to do (the admin page offers a refresh link)."""
        return self.status in {self.Status.QUEUED, self.Status.RUNNING}


class StudentImportError(models.Model):
    """A row of an import that was refused, with the message the lead reads.

    A table rather than a list on the job: each refused row is written in the
    same transaction as the cursor moving past it, at constant cost.
    """

    job = models.ForeignKey(
        StudentImport, verbose_name=_("import"), on_delete=models.CASCADE, related_name="errors"
    )
    line = models.PositiveIntegerField(_("line number"))
    message = models.TextField(_("message"))

    class Meta:
        verbose_name = _("refused row")
        verbose_name_plural = _("refused rows")
        ordering = ["job", "line", "id"]
        indexes = [models.Index(fields=["job", "line"], name="accounts_import_error_line_idx")]

    def __str__(self) -> str:
        return f"{self.line}: {self.message}"
