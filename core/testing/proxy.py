"""A TCP proxy on loopback, to cut a service off without stopping it.

Stopping the proxy closes its listening socket and every open connection, as
a network failure between the portal and the service would, while the
service (Redis, PostgreSQL) keeps its data.
"""

import socket
import socketserver
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress


class _Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True


class _Pipe(socketserver.BaseRequestHandler):
    def handle(self) -> None:
        upstream = socket.create_connection(("127.0.0.1", self.server.target_port))
        self.server.open.append((self.request, upstream))

        def pump(source: socket.socket, sink: socket.socket) -> None:
            try:
                while data := source.recv(65536):
                    sink.sendall(data)
            except OSError:
                pass
            finally:
                for sock in (source, sink):
                    with suppress(OSError):
                        sock.shutdown(socket.SHUT_RDWR)

        other = threading.Thread(target=pump, args=(upstream, self.request), daemon=True)
        other.start()
        pump(self.request, upstream)
        other.join()


@contextmanager
def proxy(target_port: int, port: int) -> Iterator[None]:
    """Forward 127.0.0.1:port to the target; stopping it cuts every connection."""
    server = _Server(("127.0.0.1", port), _Pipe)
    server.target_port = target_port
    server.open = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield
    finally:
        server.shutdown()
        server.server_close()
        for pair in server.open:
            for sock in pair:
                with suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()
