"""The servicedesk lead's override of the theme set in settings (one row)."""

from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .contrast import HEX_COLOUR, MINIMUM_RATIO, WHITE, contrast_ratio


def validate_brand_colour(value: str) -> None:
    """Refuse a colour that white text on it (or it on white) cannot be read against."""
    if not value:
        return
    if not HEX_COLOUR.match(value):
        raise ValidationError(_("Write the colour as #rrggbb, e.g. #0b4f8a."), code="format")
    ratio = contrast_ratio(value, WHITE)
    if ratio < MINIMUM_RATIO:
        raise ValidationError(
            _(
                "This colour has a contrast of %(ratio).2f:1 with white; at least %(minimum)s:1 "
                "is needed so that everyone can read the header, buttons and links. "
                "Choose a darker colour."
            ),
            code="contrast",
            params={"ratio": ratio, "minimum": MINIMUM_RATIO},
        )


class Theme(models.Model):
    """Blank fields fall back to the settings (``BRAND_*``, see the README).

    A singleton: the admin offers only the one row (``pk=1``).
    """

    SINGLETON_PK = 1

    university_name = models.CharField(
        _("university name"),
        max_length=120,
        blank=True,
        help_text=_("Shown next to the logo in the header and in the page title."),
    )
    brand_colour = models.CharField(
        _("brand colour"),
        max_length=7,
        blank=True,
        validators=[validate_brand_colour],
        help_text=_(
            "As #rrggbb. Used behind white text in the header and on buttons, and for links; "
            "it must contrast at least 4.5:1 with white."
        ),
    )
    logo = models.FileField(
        _("logo"),
        upload_to="branding/",
        blank=True,
        validators=[FileExtensionValidator(["svg", "png", "jpg", "jpeg", "webp"])],
        help_text=_("Shown on the brand colour in the header; white or light logos work best."),
    )
    favicon = models.FileField(
        _("favicon"),
        upload_to="branding/",
        blank=True,
        validators=[FileExtensionValidator(["svg", "png", "ico"])],
        help_text=_("The icon of the browser tab: a square SVG, PNG or ICO."),
    )
    footer_links = models.TextField(
        _("footer links"),
        blank=True,
        help_text=_(
            "One link per line: the text, a vertical bar, then the address, e.g. "
            "“Privacy | https://www.example.org/privacy”."
        ),
    )

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("theme")
        constraints = [
            models.CheckConstraint(condition=models.Q(pk=1), name="branding_theme_singleton")
        ]

    def __str__(self) -> str:
        return str(_("Theme"))

    def clean(self) -> None:
        from .links import parse_footer_links

        try:
            parse_footer_links(self.footer_links)
        except ValueError as error:
            raise ValidationError({"footer_links": str(error)}) from error
