from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TicketsConfig(AppConfig):
    """Requests, desks, triage and appointments."""

    name = "tickets"
    verbose_name = _("Requests")

    def ready(self) -> None:
        from . import receivers  # noqa: F401  (connects the login receiver)
