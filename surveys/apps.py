from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    """The satisfaction survey mailed after a request is resolved."""

    name = "surveys"
    verbose_name = _("Satisfaction surveys")
