"""The placeholders a standard answer may use: one list, for the renderer and the check.

An unknown placeholder (``{agent_name}``) used to be mailed verbatim; the
admin now refuses it when the answer is saved and lists the valid ones.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

PLACEHOLDERS = ("requester_name", "reference", "office_contact")
KNOWN = re.compile(r"\{(" + "|".join(PLACEHOLDERS) + r")\}")
ANY = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


def placeholders_help() -> str:
    """The valid placeholders, as the text fields' help text shows them."""
    return ", ".join(f"{{{name}}}" for name in PLACEHOLDERS)


def validate_placeholders(text: str) -> None:
    """Refuse ``{word}`` placeholders the renderer does not know (stray braces stay allowed)."""
    unknown = sorted({name for name in ANY.findall(text or "") if name not in PLACEHOLDERS})
    if unknown:
        raise ValidationError(
            _("Unknown placeholder %(unknown)s. You can use: %(valid)s.")
            % {
                "unknown": ", ".join(f"{{{name}}}" for name in unknown),
                "valid": placeholders_help(),
            },
            code="unknown_placeholder",
        )


PLACEHOLDER_HELP = _(
    "Placeholders filled in when sending: {requester_name} (the requester's name), "
    "{reference} (the request's reference), {office_contact} (the office's contact "
    "details, for a wrong-desk answer)."
)
