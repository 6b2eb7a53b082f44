"""Fixtures for the accounts tests: a clean cache (rate limits live there)."""

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _clean_cache():
    """Each test starts with no rate-limit counters and no used codes."""
    cache.clear()
    yield
    cache.clear()
