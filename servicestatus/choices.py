"""The states a service and an incident can be in."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ServiceState(models.TextChoices):
    OPERATIONAL = "operational", _("Operational")
    DEGRADED = "degraded", _("Degraded performance")
    OUTAGE = "outage", _("Outage")
    MAINTENANCE = "maintenance", _("Maintenance")


#: Which state wins when several incidents touch one service.
SEVERITY = {
    ServiceState.OPERATIONAL: 0,
    ServiceState.MAINTENANCE: 1,
    ServiceState.DEGRADED: 2,
    ServiceState.OUTAGE: 3,
}


class IncidentKind(models.TextChoices):
    INCIDENT = "incident", _("Disruption")
    MAINTENANCE = "maintenance", _("Scheduled maintenance")
