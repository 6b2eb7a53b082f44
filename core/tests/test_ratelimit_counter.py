"""The atomic counter under every limit: Redis script or database upsert."""

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings as django_settings
from django.db import connection

from core import ratelimit
from core.models import RateCounter
from core.testing.processes import free_port


def _key() -> str:
    return f"test:{uuid.uuid4().hex}"


def _take_in_parallel(take, n: int) -> list[int]:
    barrier = threading.Barrier(n)

    def one(_):
        barrier.wait(timeout=30)
        try:
            return take()
        finally:
            connection.close()  # each thread's own database connection

    with ThreadPoolExecutor(max_workers=n) as pool:
        return sorted(pool.map(one, range(n)))


@pytest.mark.django_db(transaction=True)
def test_parallel_database_takes_each_get_their_own_count():
    key = _key()
    counts = _take_in_parallel(lambda: ratelimit._database_take(key, 60).value, 20)
    assert counts == list(range(1, 21))


@pytest.mark.skipif(not django_settings.REDIS_URL, reason="needs Redis")
def test_parallel_redis_takes_each_get_their_own_count():
    key = _key()
    counts = _take_in_parallel(lambda: ratelimit.counter_take(key, period=60).value, 40)
    assert counts == list(range(1, 41))


@pytest.mark.django_db
def test_a_database_window_ends_and_starts_again(time_machine):
    time_machine.move_to("2026-03-02 10:00:00+00:00", tick=False)
    key = _key()
    assert ratelimit._database_take(key, 60) == ratelimit.Count(value=1, retry_after=60)
    time_machine.shift(30)
    assert ratelimit._database_take(key, 60) == ratelimit.Count(value=2, retry_after=30)
    time_machine.shift(31)
    assert ratelimit._database_take(key, 60).value == 1
    time_machine.shift(61)
    assert ratelimit.rate_counters_sweep() == 1
    assert not RateCounter.objects.exists()


@pytest.mark.django_db
def test_giving_back_never_goes_below_zero_nor_revives_a_key():
    key = _key()
    ratelimit.counter_give_back(key)  # nothing to give back: no key made
    assert ratelimit.counter_take(key, period=60).value == 1
    ratelimit.counter_give_back(key)
    ratelimit.counter_give_back(key)
    assert ratelimit.counter_take(key, period=60).value == 1


@pytest.mark.django_db
def test_without_redis_answering_the_limit_counts_in_the_database(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",  # nothing listens
        }
    }
    key = _key()
    assert ratelimit.counter_take(key, period=60).value == 1
    assert ratelimit.counter_take(key, period=60).value == 2
    assert RateCounter.objects.count() == 1
