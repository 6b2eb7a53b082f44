"""Start-up check: the portal refuses a brand colour that fails WCAG AA contrast."""

from django.conf import settings
from django.core.checks import Error, Tags, register

from .contrast import brand_colour_problem


@register(Tags.compatibility, deploy=False)
def brand_colour_is_accessible(app_configs, **kwargs) -> list[Error]:
    """``BRAND_COLOUR`` must give 4.5:1 against white (the header, buttons and links use it)."""
    problem = brand_colour_problem(settings.BRAND_COLOUR)
    if problem is None:
        return []
    return [
        Error(
            f"BRAND_COLOUR: {problem}.",
            hint="Choose a darker colour, e.g. #0b4f8a.",
            id="branding.E001",
        )
    ]
