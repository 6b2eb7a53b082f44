"""An eduroam outage: the desk, its category, the service and an open incident."""

import pytest

from servicestatus import services
from servicestatus.models import Service
from tickets.tests.factories import CategoryFactory, DeskFactory


@pytest.fixture(autouse=True)
def _fresh_rate_limits(monkeypatch):
    """Each test counts tries afresh: Redis outlives the test's rollback.

    The run's own prefix goes into every counter key ``core.ratelimit``
    makes, so an earlier run's tries (same addresses) count for nothing.
    """
    import uuid

    from core import ratelimit

    run = uuid.uuid4().hex
    real_counter_key = ratelimit.counter_key
    monkeypatch.setattr(
        ratelimit, "counter_key", lambda action, value: real_counter_key(action, run + value)
    )


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
