from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppointmentsConfig(AppConfig):
    """Help in person, only by appointment, always hanging off a request."""

    name = "appointments"
    verbose_name = _("Appointments")

    def ready(self) -> None:
        # tickets never names this app: every place an appointment shows on a
        # request, or moves with it, is registered here through tickets' hooks.
        from tickets.admin.workspace import page_tool_register, side_panel_register
        from tickets.events import register_event_types
        from tickets.page_sections import request_page_register
        from tickets.services.merge import register_merge_step

        from .admin.side_panel import appointment_section, offer_tool
        from .events import AppointmentEvent
        from .page_section import appointment_page_section, appointments_present
        from .services.merge import appointments_move_on_merge

        register_merge_step("appointments", appointments_move_on_merge)
        side_panel_register(appointment_section)
        page_tool_register(offer_tool)
        request_page_register(appointment_page_section, present=appointments_present)
        # How appointment events are labelled and read in the request's trail
        # (importing ``events`` registers their sentences).
        register_event_types(AppointmentEvent)
