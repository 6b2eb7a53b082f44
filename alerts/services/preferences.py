"""How each staff member wants each kind of alert."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User

from ..models import AlertKind, AlertMode, AlertPreference
from ..selectors import breach_alert_is_mandatory


@transaction.atomic
def alert_preferences_set(*, user: User, modes: dict[str, str], acting_user: User) -> None:
    """Store how ``user`` wants each kind of alert. Only for oneself (or a superuser).

    The servicedesk lead cannot switch breach alerts off: the service
    refuses it, and the fan-out sends them anyway.
    """
    if acting_user.pk != user.pk and not acting_user.is_superuser:
        raise ValidationError(_("You can only change your own alerts."), code="not_allowed")
    valid_kinds, valid_modes = set(AlertKind.values), set(AlertMode.values)
    for kind, mode in modes.items():
        if kind not in valid_kinds or mode not in valid_modes:
            raise ValidationError(_("Unknown alert or choice."), code="invalid")
        if mode == AlertMode.OFF and breach_alert_is_mandatory(user, kind):
            raise ValidationError(
                _("As servicedesk lead you cannot switch off SLA breach alerts."),
                code="breach_mandatory",
            )
    now = timezone.now()
    for kind, mode in modes.items():
        AlertPreference.objects.update_or_create(
            user=user, kind=kind, defaults={"mode": mode, "updated_at": now}
        )
