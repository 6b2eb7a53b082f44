"""The portal's form renderer: fields rendered with their help text under the input."""

from django.forms.renderers import DjangoTemplates


class PortalFormRenderer(DjangoTemplates):
    """``{{ field.as_field_group }}`` with the help text where people look for it: below."""

    field_template_name = "servicedesk/forms/field.html"
