"""The user model, with the identities of the people the desk serves."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .validators import (
    ALUMNI_NUMBER_PATTERN,
    STUDENT_NUMBER_PATTERN,
    validate_alumni_number,
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
