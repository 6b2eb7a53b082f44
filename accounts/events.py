"""One writer per account audit event type."""

from .models import AccountEvent, User


def _write(type_: str, *, user: User, acting_user: User | None, **data) -> AccountEvent:
    return AccountEvent.objects.create(type=type_, user=user, acting_user=acting_user, data=data)


def imported_event(*, user: User, acting_user: User | None, created: bool) -> AccountEvent:
    return _write(AccountEvent.Type.IMPORTED, user=user, acting_user=acting_user, created=created)


def activated_event(*, user: User) -> AccountEvent:
    return _write(AccountEvent.Type.ACTIVATED, user=user, acting_user=user, kind=user.kind)


def alternate_email_verified_event(*, user: User, old: str, new: str) -> AccountEvent:
    return _write(
        AccountEvent.Type.ALTERNATE_EMAIL_VERIFIED, user=user, acting_user=user, old=old, new=new
    )


def prospect_enabled_event(*, user: User, acting_user: User | None) -> AccountEvent:
    return _write(AccountEvent.Type.PROSPECT_ENABLED, user=user, acting_user=acting_user)


def consent_given_event(*, user: User, kind: str) -> AccountEvent:
    return _write(AccountEvent.Type.CONSENT_GIVEN, user=user, acting_user=user, kind=kind)


def data_exported_event(*, user: User) -> AccountEvent:
    return _write(AccountEvent.Type.DATA_EXPORTED, user=user, acting_user=user)


def phone_set_event(*, user: User, last_digits: str) -> AccountEvent:
    return _write(AccountEvent.Type.PHONE_SET, user=user, acting_user=user, last=last_digits)


def phone_removed_event(*, user: User) -> AccountEvent:
    return _write(AccountEvent.Type.PHONE_REMOVED, user=user, acting_user=user)
