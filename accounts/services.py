"""Every change to an account goes through a function here."""

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import events, notifications
from .models import AccountEvent, Consent, PhoneAuthenticator, User
from .selectors import student_by_number
from .validators import validate_student_number


@transaction.atomic
def user_set_preferred_language(*, user: User, language: str) -> User:
    """Remember the language mails and pages use for this user."""
    if user.preferred_language != language:
        user.preferred_language = language
        user.full_clean(validate_unique=False, validate_constraints=False)
        user.save(update_fields=["preferred_language"])
    return user


# --- Registrar import ------------------------------------------------------

IMPORT_COLUMNS = ("student_number", "email", "first_name", "last_name", "initial_password")


@dataclass
class ImportReport:
    """What an import did; ``errors`` holds (line number, message) per bad row."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)


def student_import_csv_rows(text: str) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, values) per data row of the registrar's CSV.

    Raises ``ValidationError`` when a column is missing. Parsing is cheap
    (hashing is what costs), so a resumed job simply parses again and skips.
    """
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = [c for c in IMPORT_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise ValidationError(
            _("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)},
            code="missing_columns",
        )
    for row in reader:
        values = {key: (row.get(key) or "").strip() for key in IMPORT_COLUMNS}
        values["initial_password"] = row.get("initial_password") or ""
        yield reader.line_num, values


def student_import_csv_row(*, values: dict[str, str], seen: set[str], acting_user) -> str:
    """Import one parsed row; ``seen`` holds the numbers earlier rows of the file imported.

    The one place both the direct import and the background job go through,
    so the duplicate-in-file rule and the row rules are never copied.
    """
    if values["student_number"] in seen:
        raise ValidationError(_("This student number appears twice in the file."))
    outcome = student_import_row(acting_user=acting_user, **values)
    seen.add(values["student_number"])
    return outcome


def students_import_csv(*, text: str, acting_user: User | None) -> ImportReport:
    """Create or refresh student accounts from the registrar's CSV.

    Idempotent: a row already imported changes nothing. A bad row is
    reported with its line number and the other rows still import (each row
    is its own transaction). An activated account keeps its password: only
    an account still awaiting activation gets a new initial password.
    """
    report = ImportReport()
    rows = student_import_csv_rows(text)
    seen: set[str] = set()
    while True:
        try:
            line, values = next(rows)
        except StopIteration:
            return report
        except ValidationError as error:  # the header: nothing imports
            report.errors.append((1, " ".join(error.messages)))
            return report
        try:
            outcome = student_import_csv_row(values=values, seen=seen, acting_user=acting_user)
        except ValidationError as error:
            report.errors.append((line, " ".join(error.messages)))
            continue
        setattr(report, outcome, getattr(report, outcome) + 1)


@transaction.atomic
def student_import_row(
    *,
    student_number: str,
    email: str,
    first_name: str,
    last_name: str,
    initial_password: str,
    acting_user: User | None,
) -> str:
    """Create or refresh one student; returns "created", "updated" or "unchanged"."""
    validate_student_number(student_number)
    try:
        validate_email(email)
    except ValidationError as error:
        raise ValidationError(
            _("“%(email)s” is not a valid email address.") % {"email": email}
        ) from error
    if not initial_password:
        raise ValidationError(_("The initial password is empty."))
    user = student_by_number(student_number)
    if User.objects.filter(email__iexact=email).exclude(pk=getattr(user, "pk", None)).exists():
        raise ValidationError(
            _("The email address %(email)s belongs to another account.") % {"email": email}
        )
    created = user is None
    if created:
        if User.objects.filter(student_number=student_number).exists():
            raise ValidationError(_("This student number belongs to another account."))
        # Inactive until activation: no login of any kind (password, code,
        # reset) works before the student has chosen a password.
        user = User(
            username=f"s{student_number}",
            kind=User.Kind.STUDENT,
            student_number=student_number,
            is_active=False,
        )
        user.set_unusable_password()
    changed = created
    for name, value in (("email", email), ("first_name", first_name), ("last_name", last_name)):
        if getattr(user, name) != value:
            setattr(user, name, value)
            changed = True
    if user.activated_at is None and not (
        user.initial_password and check_password(initial_password, user.initial_password)
    ):
        user.initial_password = make_password(initial_password)
        changed = True
    if not changed:
        return "unchanged"
    user.full_clean()
    user.save()
    EmailAddress.objects.filter(user=user).exclude(email__iexact=email).delete()
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    events.imported_event(user=user, acting_user=acting_user, created=created)
    return "created" if created else "updated"


# --- Activation -----------------------------------------------------------


def student_check_initial_password(*, student_number: str, password: str) -> User | None:
    """The student awaiting activation with this number and initial password, or None.

    An unknown number costs the same hashing work as a wrong password, so the
    answer time does not tell which one it was.
    """
    user = student_by_number(student_number)
    if user is None or not user.initial_password:
        make_password(password)
        return None
    return user if check_password(password, user.initial_password) else None


@transaction.atomic
def user_set_password(*, user: User, password: str) -> User:
    """Set an already validated password (activation steps)."""
    user.set_password(password)
    user.save(update_fields=["password"])
    return user


@transaction.atomic
def student_activate(*, user: User, alternate_email: str) -> User:
    """Finish a student's activation: the initial password dies, the address is kept."""
    old = user.alternate_email
    user.alternate_email = alternate_email
    user.initial_password = ""
    user.activated_at = timezone.now()
    user.is_active = True
    user.full_clean()
    user.save(update_fields=["alternate_email", "initial_password", "activated_at", "is_active"])
    events.alternate_email_verified_event(user=user, old=old, new=alternate_email)
    events.activated_event(user=user)
    return user


@transaction.atomic
def alumnus_activate(*, user: User, password: str) -> User:
    """Give an alumnus (again) a password after the on-file address was proven."""
    user.set_password(password)
    if user.activated_at is None:
        user.activated_at = timezone.now()
    user.save(update_fields=["password", "activated_at"])
    events.activated_event(user=user)
    return user


@transaction.atomic
def user_set_alternate_email(*, user: User, email: str) -> User:
    """Store an alternate address the user has just proven with a code."""
    old = user.alternate_email
    user.alternate_email = email
    user.full_clean()
    user.save(update_fields=["alternate_email"])
    events.alternate_email_verified_event(user=user, old=old, new=email)
    return user


# --- Prospects ------------------------------------------------------------


@transaction.atomic
def prospect_enable(*, user: User, acting_user: User | None) -> bool:
    """Switch a welcome account on and mail the prospect how to log in.

    Returns False (and does nothing) when the account is not a prospect or
    was already switched on, so the admin action is safe to repeat. A prospect
    created active in the admin (the add form's default) was never welcomed:
    "already on" means a welcome was recorded, not ``is_active``.
    """
    if user.kind != User.Kind.PROSPECT:
        return False
    welcomed = AccountEvent.objects.filter(
        user=user, type=AccountEvent.Type.PROSPECT_ENABLED
    ).exists()
    if welcomed or (user.is_active and user.has_usable_password() and user.last_login):
        return False
    user.is_active = True
    user.set_unusable_password()
    user.save(update_fields=["is_active", "password"])
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    events.prospect_enabled_event(user=user, acting_user=acting_user)
    notifications.prospect_welcome(user=user)
    return True


@transaction.atomic
def consent_give(*, user: User, kind: str) -> Consent:
    consent, created = Consent.objects.get_or_create(user=user, kind=kind)
    if created:
        events.consent_given_event(user=user, kind=kind)
    return consent


# --- Phone codes ----------------------------------------------------------


@transaction.atomic
def user_set_phone_authenticator(*, user: User, phone_number: str) -> PhoneAuthenticator:
    """Use ``phone_number`` (proven by a texted code) for login codes."""
    phone, _created = PhoneAuthenticator.objects.update_or_create(
        user=user, defaults={"phone_number": phone_number}
    )
    phone.full_clean()
    events.phone_set_event(user=user, last_digits=phone_number[-3:])
    return phone


@transaction.atomic
def user_remove_phone_authenticator(*, user: User) -> None:
    deleted, _by_model = PhoneAuthenticator.objects.filter(user=user).delete()
    if deleted:
        events.phone_removed_event(user=user)
