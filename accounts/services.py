"""Every change to an account goes through a function here."""

from django.db import transaction

from .models import User


@transaction.atomic
def user_set_preferred_language(*, user: User, language: str) -> User:
    """Remember the language mails and pages use for this user."""
    if user.preferred_language != language:
        user.preferred_language = language
        user.full_clean(validate_unique=False, validate_constraints=False)
        user.save(update_fields=["preferred_language"])
    return user
