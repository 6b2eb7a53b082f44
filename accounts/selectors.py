"""Reads about accounts that more than one caller needs."""

from allauth.mfa.models import Authenticator

from .models import Consent, User


def user_has_totp(user: User) -> bool:
    """Whether the user has an activated authenticator app."""
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def user_must_have_mfa(user: User) -> bool:
    """Staff (the admin) and prospects may not go on without an authenticator app."""
    return user.is_staff or user.kind == User.Kind.PROSPECT


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
