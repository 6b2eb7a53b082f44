import pytest
from django.core.cache import cache

from .helpers import app_client


@pytest.fixture(autouse=True)
def _fresh_throttle_counts():
    """Throttle counts live in the shared cache (Redis); each test starts at zero."""
    cache.clear()


@pytest.fixture
def anon_api():
    return app_client()


@pytest.fixture
def student_api(student):
    return app_client(student)
