from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgebaseConfig(AppConfig):
    """FAQ, step-by-step manuals and the Acceptable Use Policy."""

    name = "knowledgebase"
    verbose_name = _("Knowledgebase")

    def ready(self) -> None:
        from . import receivers  # noqa: F401 - connects the search cache receivers
