from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TicketsConfig(AppConfig):
    """Requests, desks and triage; other apps hook into a request through registries."""

    name = "tickets"
    verbose_name = _("Requests")

    def ready(self) -> None:
        from notifications.scope import register_mail_scope

        from . import access, receivers  # noqa: F401  (connects the login receiver)

        # The outbox shows staff the mails of the requests they may see.
        register_mail_scope(access.mails_visible_to)
