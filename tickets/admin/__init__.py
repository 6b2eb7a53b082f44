"""The staff side lives in the Django admin, customised through its hooks."""

from . import routing, tickets  # noqa: F401  (registers the ModelAdmins)
