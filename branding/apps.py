from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BrandingConfig(AppConfig):
    """The university's name, logo, colour, favicon and footer links on every page."""

    name = "branding"
    verbose_name = _("Branding")

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the start-up check)
