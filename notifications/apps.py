from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """Every mail the portal sends: the outbox, its delivery and preferences."""

    name = "notifications"
    verbose_name = _("Notifications")
