"""An eduroam outage: the desk, its category, the service and an open incident."""

import pytest

from servicestatus import services
from servicestatus.models import Service
from tickets.tests.factories import CategoryFactory, DeskFactory


@pytest.fixture
def desk(db):
    return DeskFactory(slug="helpdesk")


@pytest.fixture
def wifi(desk):
    return CategoryFactory(default_desk=desk, slug="wifi", name_nl="Wifi", name_en="Wi-Fi")


@pytest.fixture
def eduroam(desk, wifi):
    service = Service.objects.create(
        slug="eduroam", name_nl="Eduroam", name_en="Eduroam", desk=desk
    )
    service.categories.add(wifi)
    return service


@pytest.fixture
def incident(eduroam, agent_first_line):
    return services.incident_open(
        title_nl="Eduroam werkt niet in gebouw A",
        title_en="Eduroam is down in building A",
        services=[eduroam],
        first_update_nl="We onderzoeken het.",
        first_update_en="We are looking into it.",
        acting_user=agent_first_line,
    )
