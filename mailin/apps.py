from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MailinConfig(AppConfig):
    """Mail in: the desk's IMAP mailbox, polled into requests and replies."""

    name = "mailin"
    verbose_name = _("Mail in")

    def ready(self) -> None:
        from tickets.admin.workspace import side_panel_register

        from .side_panel import inbound_section

        side_panel_register(inbound_section)
