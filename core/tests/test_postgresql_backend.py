"""The PostgreSQL backend's health check: no round trip while the connection is idle and healthy,
and a connection the server has ended is noticed before a request uses it."""

import time

import pytest
from django.db import connection, connections
from django.db.backends.postgresql.base import DatabaseWrapper as PostgresDatabaseWrapper

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def postgres():
    if connection.vendor != "postgresql":
        pytest.skip("the PostgreSQL backend's own check")
    default = connections["default"]
    assert type(default).__module__ == "core.postgresql.base"
    default.ensure_connection()
    return default


def test_an_idle_healthy_connection_is_usable_without_a_statement(postgres, monkeypatch):
    def select_one(self):
        raise AssertionError("SELECT 1 sent to a healthy idle connection")

    monkeypatch.setattr(PostgresDatabaseWrapper, "is_usable", select_one)
    assert postgres.is_usable() is True


def test_a_connection_the_server_ended_is_not_usable_and_is_replaced(postgres):
    pid = postgres.connection.get_backend_pid()
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    finally:
        other.close()
    # The server's goodbye is on the socket (it may take a moment to arrive).
    for _ in range(50):
        if not postgres.is_usable():
            break
        time.sleep(0.02)
    assert postgres.is_usable() is False
    # What Django does at the start of a request with health checks on.
    postgres.health_check_done = False
    postgres.close_if_health_check_failed()
    with postgres.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        assert cursor.fetchone()[0] != pid


def test_a_connection_on_a_file_descriptor_above_1024_is_usable(postgres):
    """``select()`` refuses descriptors from FD_SETSIZE (1024) on; a busy process has them.

    Answering "not usable" there would close and reopen the connection for
    every request, silently.
    """
    import os

    postgres.close()
    spare = [os.open(os.devnull, os.O_RDONLY) for _ in range(1100)]
    try:
        postgres.ensure_connection()
        assert postgres.connection.fileno() >= 1024
        assert postgres.is_usable() is True
    finally:
        postgres.close()
        for fd in spare:
            os.close(fd)
