"""The university's password rule on top of Django's validators, and the checklist.

Length (12), similarity and common passwords are Django's own validators,
configured in settings; this one adds the character classes. The checklist
shown next to every new-password field is built from the configured
validators' own help texts, so the rules live in one place.
"""

from dataclasses import dataclass

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


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

    def checklist_items(self) -> list[tuple[str, str]]:
        """One checklist line per character class, with the check the browser may run."""
        return [
            ("upper", _("At least one upper-case letter.")),
            ("lower", _("At least one lower-case letter.")),
            ("digit", _("At least one digit.")),
        ]


# Django's own validators, with our wording: Django's Dutch catalog speaks
# formally ("uw") and misses the length message of Django 5.2, while the
# portal speaks informally ("je") in both languages.


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_error_message(self) -> str:
        return ngettext(
            "The password is too short: it needs at least %(min_length)d character.",
            "The password is too short: it needs at least %(min_length)d characters.",
            self.min_length,
        ) % {"min_length": self.min_length}

    def get_help_text(self) -> str:
        return ngettext(
            "At least %(min_length)d character.",
            "At least %(min_length)d characters.",
            self.min_length,
        ) % {"min_length": self.min_length}


class UserAttributeSimilarityValidator(password_validation.UserAttributeSimilarityValidator):
    def get_error_message(self) -> str:
        return _("The password is too much like your %(verbose_name)s.")

    def get_help_text(self) -> str:
        return _("Not too much like your name or email address.")


class CommonPasswordValidator(password_validation.CommonPasswordValidator):
    def get_error_message(self) -> str:
        return _("This password is too common: it is on the list of often used passwords.")

    def get_help_text(self) -> str:
        return _("Not a commonly used password.")


class NumericPasswordValidator(password_validation.NumericPasswordValidator):
    def get_error_message(self) -> str:
        return _("The password cannot be only digits.")

    def get_help_text(self) -> str:
        return _("Not only digits.")


@dataclass(frozen=True)
class ChecklistItem:
    """A line of the password checklist.

    ``check`` names a test the small script can run while typing
    (``min:12``, ``upper``, ``lower``, ``digit``, ``not-numeric``); an empty
    check means only the server can judge it (similarity, common passwords).
    """

    text: str
    check: str = ""


def password_checklist() -> list[ChecklistItem]:
    """The configured validators as checklist lines, in the active language."""
    items: list[ChecklistItem] = []
    for validator in password_validation.get_default_password_validators():
        if hasattr(validator, "checklist_items"):
            items.extend(ChecklistItem(text, check) for check, text in validator.checklist_items())
            continue
        check = ""
        if isinstance(validator, password_validation.MinimumLengthValidator):
            check = f"min:{validator.min_length}"
        elif isinstance(validator, password_validation.NumericPasswordValidator):
            check = "not-numeric"
        items.append(ChecklistItem(validator.get_help_text(), check))
    # Rules the browser can tick come first; the server-only ones follow.
    return sorted(items, key=lambda item: item.check == "")
