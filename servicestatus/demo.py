"""Demo services for the status page, and one announced maintenance (safe to run again)."""

from datetime import timedelta

from django.db import transaction

from accounts.models import User
from core import clock
from tickets.models import Category, Desk

from .choices import IncidentKind, ServiceState
from .models import Incident, Service
from .services import incident_open

DEMO_SERVICES = [
    # slug, Dutch, English, desk, categories whose requesters see its disruptions
    ("eduroam", "Eduroam (wifi)", "Eduroam (Wi-Fi)", "helpdesk", ["wifi-network"]),
    ("learning-platform", "Leerplatform", "Learning platform", "helpdesk", ["learning-platform"]),
    ("university-mail", "Universiteitsmail", "University mail", "helpdesk", ["email"]),
    ("printing", "Printen", "Printing", "helpdesk", ["printing"]),
    ("student-portal", "Studentenportaal", "Student portal", "student-portal", ["student-portal"]),
]

MAINTENANCE_TITLE_EN = "Learning platform upgrade"


@transaction.atomic
def seed_demo_services() -> None:
    """The services the demo desk supports, all working, and a maintenance next week.

    Run after the demo accounts: the demo lead announces the maintenance.
    """
    for position, (slug, name_nl, name_en, desk, categories) in enumerate(DEMO_SERVICES):
        service, _created = Service.objects.update_or_create(
            slug=slug,
            defaults={
                "name_nl": name_nl,
                "name_en": name_en,
                "desk": Desk.objects.get(slug=desk),
                "position": position,
                "state": ServiceState.OPERATIONAL,
            },
        )
        service.categories.set(Category.objects.filter(slug__in=categories))
    if not Incident.objects.filter(
        title_en=MAINTENANCE_TITLE_EN, resolved_at__isnull=True
    ).exists():
        starts = (clock.now() + timedelta(days=7)).replace(
            hour=6, minute=0, second=0, microsecond=0
        )
        incident_open(
            kind=IncidentKind.MAINTENANCE,
            impact=ServiceState.MAINTENANCE,
            title_nl="Upgrade van het leerplatform",
            title_en=MAINTENANCE_TITLE_EN,
            services=[Service.objects.get(slug="learning-platform")],
            starts_at=starts,
            ends_at=starts + timedelta(hours=2),
            first_update_nl="Het leerplatform is twee uur niet beschikbaar door een upgrade.",
            first_update_en="The learning platform is unavailable for two hours for an upgrade.",
            acting_user=User.objects.get(username="lead"),
        )
