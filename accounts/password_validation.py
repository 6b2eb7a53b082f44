"""The university's password rule on top of Django's validators.

Length (12), similarity and common passwords are Django's own validators,
configured in settings; this one adds the character classes.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class CharacterClassValidator:
    """Require upper-case letters, lower-case letters and digits."""

    def validate(self, password: str, user=None) -> None:
        errors = []
        if not any(c.isupper() for c in password):
            errors.append(
                ValidationError(
                    _("The password must contain an upper-case letter."),
                    code="password_no_upper",
                )
            )
        if not any(c.islower() for c in password):
            errors.append(
                ValidationError(
                    _("The password must contain a lower-case letter."),
                    code="password_no_lower",
                )
            )
        if not any(c.isdigit() for c in password):
            errors.append(
                ValidationError(_("The password must contain a digit."), code="password_no_digit")
            )
        if errors:
            raise ValidationError(errors)

    def get_help_text(self) -> str:
        return _("Your password must contain upper-case letters, lower-case letters and digits.")
