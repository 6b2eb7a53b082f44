from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppointmentsConfig(AppConfig):
    """Help in person, only by appointment, always hanging off a request."""

    name = "appointments"
    verbose_name = _("Appointments")

    def ready(self) -> None:
        # tickets never names this app: a merged request's appointments move
        # through the step registered here.
        from tickets.services.merge import register_merge_step

        from .services.merge import appointments_move_on_merge

        register_merge_step("appointments", appointments_move_on_merge)

        from tickets.admin.workspace import side_panel_register

        from .admin.side_panel import appointment_section

        side_panel_register(appointment_section)

        # Registers how appointment events read in the request's audit trail.
        from . import events  # noqa: F401
