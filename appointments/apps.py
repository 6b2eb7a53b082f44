from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppointmentsConfig(AppConfig):
    """Help in person, only by appointment, always hanging off a request."""

    name = "appointments"
    verbose_name = _("Appointments")

    def ready(self) -> None:
        # Registers how appointment events read in the request's audit trail.
        from . import events  # noqa: F401
