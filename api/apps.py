from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    """The versioned REST API for the mobile app (/api/v1/)."""

    name = "api"
    verbose_name = _("API")

    def ready(self) -> None:
        # Registers the OpenAPI description of our authentication class.
        from . import schema  # noqa: F401
