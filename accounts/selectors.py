"""Reads about accounts that more than one caller needs."""

from allauth.mfa.models import Authenticator

from .models import Consent, PhoneAuthenticator, User


def user_has_totp(user: User) -> bool:
    """Whether the user has an activated authenticator app."""
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def user_phone_number(user: User) -> str | None:
    """The phone that receives this user's login codes, if they chose one."""
    return (
        PhoneAuthenticator.objects.filter(user=user).values_list("phone_number", flat=True).first()
    )


def user_has_second_factor(user: User) -> bool:
    """Staff need the authenticator app; prospects may use a phone instead."""
    if user_has_totp(user):
        return True
    return not user.is_staff and user_phone_number(user) is not None


def user_must_have_mfa(user: User) -> bool:
    """Staff (the admin) and prospects may not go on without an authenticator app."""
    return user.is_staff or user.kind == User.Kind.PROSPECT


def user_data_use_consent(user: User) -> Consent | None:
    """The prospect's recorded agreement to the use of their profile data, if given."""
    return Consent.objects.filter(user=user, kind=Consent.Kind.PROSPECT_DATA_USE).first()


def user_needs_data_use_consent(user: User) -> bool:
    return (
        user.kind == User.Kind.PROSPECT
        and not Consent.objects.filter(user=user, kind=Consent.Kind.PROSPECT_DATA_USE).exists()
    )


def student_by_number(student_number: str) -> User | None:
    return User.objects.filter(student_number=student_number, kind=User.Kind.STUDENT).first()


def alumnus_for_activation(*, alumni_number: str, email: str) -> User | None:
    """The alumnus whose number (or, without a number, email) and email match the file."""
    alumni = User.objects.filter(kind=User.Kind.ALUMNUS, is_active=True)
    if alumni_number:
        user = alumni.filter(alumni_number=alumni_number).first()
    else:
        user = alumni.filter(email__iexact=email).first()
    if user is None or not user.email or user.email.lower() != email.lower():
        return None
    return user


def user_by_number(number: str) -> User | None:
    """The active account that holds this student or alumni number, or None.

    A person may hold both numbers over time, so either one finds them.
    """
    number = number.strip().upper()
    if not number:
        return None
    field = "alumni_number" if number.startswith("Q") else "student_number"
    return User.objects.filter(**{field: number}, is_active=True).first()
