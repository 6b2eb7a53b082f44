from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlertsConfig(AppConfig):
    """Staff alerts: who on the desk hears about what, at once, daily or not at all."""

    name = "alerts"
    verbose_name = _("Staff alerts")

    def ready(self) -> None:
        from . import receivers  # noqa: F401  (connects to tickets' and the outbox's signals)
