"""Which optional mails a user wants: one read, one write, one form.

The profile page (another feature) embeds :class:`MailPreferencesForm` and
calls :func:`mail_preferences_set` with its cleaned data.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .kinds import OPTIONAL_KINDS
from .models import MailPreference


def mail_kind_enabled(*, user, kind: str) -> bool:
    """Does ``user`` want mails of optional ``kind``? Unknown kinds: yes."""
    disabled = (
        MailPreference.objects.filter(user=user).values_list("disabled_kinds", flat=True).first()
    )
    return kind not in (disabled or [])


def mail_kinds_enabled(*, user) -> dict[str, bool]:
    """Every optional kind with whether ``user`` receives it."""
    disabled = (
        MailPreference.objects.filter(user=user).values_list("disabled_kinds", flat=True).first()
    ) or []
    return {kind: kind not in disabled for kind in OPTIONAL_KINDS}


@transaction.atomic
def mail_preferences_set(*, user, enabled_kinds: list[str], acting_user) -> MailPreference:
    """Store which optional mails ``user`` receives; all others are switched off.

    Only optional kinds exist here, so security mails cannot be switched off.
    ``acting_user`` must be the user themself or staff.
    """
    if acting_user.pk != user.pk and not acting_user.is_staff:
        raise ValidationError(
            _("You can only change your own mail preferences."), code="not_allowed"
        )
    unknown = sorted(set(enabled_kinds) - set(OPTIONAL_KINDS))
    if unknown:
        raise ValidationError(
            _("Unknown kind of mail: %(kinds)s."),
            code="unknown_kind",
            params={"kinds": ", ".join(unknown)},
        )
    disabled = sorted(set(OPTIONAL_KINDS) - set(enabled_kinds))
    preference, _created = MailPreference.objects.select_for_update().get_or_create(user=user)
    preference.disabled_kinds = disabled
    preference.updated_at = timezone.now()
    preference.save(update_fields=["disabled_kinds", "updated_at"])
    return preference


class MailPreferencesForm(forms.Form):
    """Checkboxes for the optional mails; embed it in the profile page."""

    enabled_kinds = forms.MultipleChoiceField(
        label=_("Mails I want to receive"),
        help_text=_(
            "Mails about your account's security (codes, password resets, a new "
            "sign-in method) are always sent."
        ),
        choices=list(OPTIONAL_KINDS.items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    @classmethod
    def for_user(cls, user, data=None) -> "MailPreferencesForm":
        enabled = [kind for kind, on in mail_kinds_enabled(user=user).items() if on]
        return cls(data=data, initial={"enabled_kinds": enabled})


@transaction.atomic
def mail_kind_switch_off(*, user, kind: str) -> MailPreference:
    """Switch one optional ``kind`` off for ``user``; the others stay as they are.

    The one-click unsubscribe link calls it (the signed token names user and
    kind, so there is no acting user to check). Idempotent.
    """
    if kind not in OPTIONAL_KINDS:
        raise ValidationError(
            _("Unknown kind of mail: %(kinds)s."), code="unknown_kind", params={"kinds": kind}
        )
    preference, _created = MailPreference.objects.select_for_update().get_or_create(user=user)
    if kind not in preference.disabled_kinds:
        preference.disabled_kinds = sorted([*preference.disabled_kinds, kind])
        preference.updated_at = timezone.now()
        preference.save(update_fields=["disabled_kinds", "updated_at"])
    return preference
