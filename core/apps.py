from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The floor under every app: it owns one table, the rate counters."""

    name = "core"
    verbose_name = _("Shared building blocks")
