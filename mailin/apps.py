from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MailinConfig(AppConfig):
    """Mail in: the desk's IMAP mailbox, polled into requests and replies."""

    name = "mailin"
    verbose_name = _("Mail in")
