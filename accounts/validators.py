"""Format rules for the identity numbers the university hands out."""

from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

STUDENT_NUMBER_PATTERN = r"^[0-9]{7}$"
ALUMNI_NUMBER_PATTERN = r"^Q[0-9]{7}$"
PHONE_NUMBER_PATTERN = r"^\+[1-9][0-9]{6,14}$"

validate_student_number = RegexValidator(
    regex=STUDENT_NUMBER_PATTERN,
    message=_("A student number is 7 digits, for example 0123456."),
    code="invalid_student_number",
)
validate_alumni_number = RegexValidator(
    regex=ALUMNI_NUMBER_PATTERN,
    message=_("An alumni number is the letter Q and 7 digits, for example Q1234567."),
    code="invalid_alumni_number",
)
validate_phone_number = RegexValidator(
    regex=PHONE_NUMBER_PATTERN,
    message=_("Type the number in international format, for example +32470123456."),
    code="invalid_phone_number",
)
