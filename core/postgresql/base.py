"""Django's PostgreSQL backend with a health check that costs no round trip.

With persistent connections (``CONN_MAX_AGE``) a web process must notice a
connection the server has dropped (a restart, a failover, an idle timeout)
before a request uses it, or that request fails. Django's own check
(``CONN_HEALTH_CHECKS``) sends ``SELECT 1`` at the start of every request:
a round trip and a statement on the server per page, on a machine where the
server shares the cores with the web processes (issue 23).

A server that ends a session says so: it sends a FATAL message and closes
the socket, which makes the idle connection readable. So an idle connection
with nothing to read is in use as it was left, and only one with something
to read (a goodbye, or a notice) gets Django's ``SELECT 1`` to decide. A
peer that vanishes without a word looks healthy here, as it does to a
``SELECT 1`` that waits for the TCP timeout; the query then fails and
answers 503 (``servicedesk.errors``), and Django drops the connection.
"""

import select

from django.db.backends.postgresql.base import DatabaseWrapper as PostgresDatabaseWrapper


class DatabaseWrapper(PostgresDatabaseWrapper):
    def is_usable(self) -> bool:
        connection = self.connection
        if connection is None or connection.closed:
            return False
        # poll(), not select(): select() refuses descriptors from 1024 on,
        # which would close and reopen a busy process's connection each request.
        poller = select.poll()
        try:
            poller.register(connection.fileno(), select.POLLIN)
            events = poller.poll(0)
        except (OSError, ValueError):  # the socket is gone
            return False
        if events:
            return super().is_usable()
        return True
