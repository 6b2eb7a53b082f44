from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicedeskConfig(AppConfig):
    """Project-wide pieces: home page, health check, demo data, language."""

    name = "servicedesk"
    verbose_name = _("Service desk")
