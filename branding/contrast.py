"""WCAG 2.2 contrast arithmetic for the brand colour.

The brand colour is the background of the header and of primary buttons
(white text on it) and the colour of links on white: both need a contrast
ratio of at least 4.5:1 (WCAG 2.2 AA, 1.4.3) against white.
"""

import re

HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
#: WCAG 2.2 AA for normal text.
MINIMUM_RATIO = 4.5
WHITE = "#ffffff"


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(colour: str) -> float:
    """The WCAG relative luminance of a ``#rrggbb`` colour."""
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(red) + 0.7152 * _channel(green) + 0.0722 * _channel(blue)


def contrast_ratio(first: str, second: str) -> float:
    """The WCAG contrast ratio of two ``#rrggbb`` colours, from 1 to 21."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def darker(colour: str, factor: float = 0.75) -> str:
    """The hover shade of a colour: each channel scaled towards black."""
    red, green, blue = (int(int(colour[i : i + 2], 16) * factor) for i in (1, 3, 5))
    return f"#{red:02x}{green:02x}{blue:02x}"


def brand_colour_problem(colour: str) -> str | None:
    """Why a brand colour cannot be used (untranslated, for checks), or None."""
    if not HEX_COLOUR.match(colour or ""):
        return f"{colour!r} is not a colour written as #rrggbb"
    ratio = contrast_ratio(colour, WHITE)
    if ratio < MINIMUM_RATIO:
        return (
            f"{colour} has a contrast of {ratio:.2f}:1 with white; "
            f"WCAG 2.2 AA needs {MINIMUM_RATIO}:1 (white text on it, it as text on white)"
        )
    return None
