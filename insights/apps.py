from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    """The lead dashboard: daily rollups kept by the request services' signals."""

    name = "insights"
    verbose_name = _("Insight")

    def ready(self) -> None:
        from . import receivers  # noqa: F401  (connects to tickets' signals)
