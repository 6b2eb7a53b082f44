"""The theme every page shows: the lead's override in the admin, else the settings.

Every page needs it, so it is read from the cache; only a miss (first page
after a restart of the cache, or after the lead saved the theme) reads the
one row.
"""

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.templatetags.static import static
from django.urls import reverse

from .contrast import darker
from .links import FooterLink, parse_footer_links
from .models import Theme

CACHE_KEY = "branding:theme:v1"


@dataclass(frozen=True)
class CurrentTheme:
    university_name: str
    brand_colour: str
    brand_colour_dark: str
    logo_url: str
    favicon_url: str
    favicon_type: str
    footer_links: tuple[FooterLink, ...]
    version: str


def _favicon_type(name: str) -> str:
    if name.endswith(".svg"):
        return "image/svg+xml"
    if name.endswith(".png"):
        return "image/png"
    return "image/x-icon"


def _build(row: Theme | None) -> CurrentTheme:
    colour = (row and row.brand_colour) or settings.BRAND_COLOUR
    links_text = (row and row.footer_links) or settings.BRAND_FOOTER_LINKS
    try:
        links = tuple(parse_footer_links(links_text))
    except ValueError:
        links = ()
    default_logo = settings.BRAND_LOGO_URL or static("branding/logo.svg")
    default_favicon = settings.BRAND_FAVICON_URL or static("favicon.svg")
    logo = (row and row.logo and reverse("branding:logo")) or default_logo
    favicon_name = (row and row.favicon and row.favicon.name) or default_favicon
    favicon = (row and row.favicon and reverse("branding:favicon")) or default_favicon
    # Changes whenever the row changes, so browsers fetch the new theme.css/logo.
    stamp = repr((colour, logo, favicon_name, row and row.logo.name, row and row.pk))
    version = hashlib.sha256(stamp.encode()).hexdigest()[:10]
    return CurrentTheme(
        university_name=(row and row.university_name) or settings.BRAND_UNIVERSITY_NAME,
        brand_colour=colour.lower(),
        brand_colour_dark=darker(colour.lower()),
        logo_url=logo,
        favicon_url=favicon,
        favicon_type=_favicon_type(favicon_name),
        footer_links=links,
        version=version,
    )


def current_theme() -> CurrentTheme:
    """The theme to render, from the cache when it can."""
    theme = cache.get(CACHE_KEY)
    if theme is None:
        theme = _build(Theme.objects.filter(pk=Theme.SINGLETON_PK).first())
        cache.set(CACHE_KEY, theme, timeout=None)
    return theme


def theme_row() -> Theme | None:
    return Theme.objects.filter(pk=Theme.SINGLETON_PK).first()
