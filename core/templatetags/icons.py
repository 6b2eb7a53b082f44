"""``{% icon "name" %}``: a decorative SVG icon beside visible text.

A template tag, not an included template: the header's account menu alone
shows nine icons on every page, and an include with an ``if``/``elif`` chain
per icon cost about 0.2 ms each (issue 23). The shapes are constants, so the
tag is one dictionary lookup.
"""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# The shapes (SVG elements) of each icon on a 24x24 grid, stroked by the stylesheet.
SHAPES = {
    "search": (
        '<circle cx="11" cy="11" r="7"/>',
        '<path d="m20 20-4-4"/>',
    ),
    "new": (
        '<path d="M14 3H6a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2V9z"/>',
        '<path d="M14 3v6h6M12 12v6M9 15h6"/>',
    ),
    "list": ('<path d="M9 6h11M9 12h11M9 18h11M4 6h.01M4 12h.01M4 18h.01"/>',),
    "user": (
        '<circle cx="12" cy="8" r="4"/>',
        '<path d="M4 21a8 8 0 0 1 16 0"/>',
    ),
    "key": (
        '<circle cx="7.5" cy="15.5" r="4.5"/>',
        '<path d="m11 12 9-9M17 6l3 3M15 8l2 2"/>',
    ),
    "shield": (
        '<path d="M12 3 4 6v6c0 5 3.5 8 8 9 4.5-1 8-4 8-9V6z"/>',
        '<path d="m9 12 2 2 4-4"/>',
    ),
    "phone": (
        '<rect x="6" y="2" width="12" height="20" rx="2"/>',
        '<path d="M11 18h2"/>',
    ),
    "download": ('<path d="M12 3v12M7 10l5 5 5-5M4 21h16"/>',),
    "logout": ('<path d="M9 21H5a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2h4M16 17l5-5-5-5M21 12H9"/>',),
    "globe": (
        '<circle cx="12" cy="12" r="9"/>',
        '<path d="M3 12h18M12 3a14 14 0 0 1 0 18M12 3a14 14 0 0 0 0 18"/>',
    ),
    "chevron": ('<path d="m6 9 6 6 6-6"/>',),
    "calendar": (
        '<rect x="3" y="5" width="18" height="16" rx="2"/>',
        '<path d="M16 3v4M8 3v4M3 11h18"/>',
    ),
    "check": (
        '<circle cx="12" cy="12" r="9"/>',
        '<path d="m8 12 3 3 5-6"/>',
    ),
    "alert": (
        '<path d="M12 3 2 20h20z"/>',
        '<path d="M12 10v4M12 17h.01"/>',
    ),
    "book": (
        '<path d="M4 4h6a3 3 0 0 1 2 1 3 3 0 0 1 2-1h6v15h-6a2 2 0 0 0-2 2 2 2 0 0 0-2-2H4z"/>',
        '<path d="M12 5v16"/>',
    ),
    "codes": (
        '<rect x="3" y="5" width="18" height="14" rx="2"/>',
        '<path d="M7 10h2M11 10h2M15 10h2M7 14h10"/>',
    ),
    "arrow": ('<path d="M5 12h14M13 6l6 6-6 6"/>',),
    "inbox": (
        '<path d="M22 12h-6l-2 3h-4l-2-3H2"/>',
        '<path d="M5.5 5h13L22 12v7a2 2 0 0 1-2 2H4a2 2 0 0 1-2-2v-7z"/>',
    ),
}
FALLBACK = ('<circle cx="12" cy="12" r="3"/>',)


@register.simple_tag
def icon(name: str) -> SafeString:
    """The icon's ``<svg>``, hidden from assistive technology (the text beside it speaks)."""
    return format_html(
        '<svg class="icon icon--{}" viewBox="0 0 24 24" aria-hidden="true" focusable="false">'
        "{}</svg>",
        name,
        mark_safe("".join(SHAPES.get(name, FALLBACK))),  # noqa: S308 - constants above
    )
