from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServiceStatusConfig(AppConfig):
    """Service status and major incidents: one announcement instead of hundreds of requests."""

    name = "servicestatus"
    verbose_name = _("Service status")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # tickets never names this app: its side panel section and its bulk
        # action on the request list are registered here.
        from tickets.admin.bulk import bulk_action_register
        from tickets.admin.workspace import side_panel_register

        from .admin import link_to_incident
        from .side_panel import incident_section

        side_panel_register(incident_section)
        bulk_action_register(link_to_incident)
