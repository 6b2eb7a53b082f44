"""A private PostgreSQL server for tests that stop and start the database.

Never the machine's shared server: ``initdb`` in a temporary folder, on a
free loopback port, with trust authentication. As root, the server runs as
the ``postgres`` system user (PostgreSQL refuses to run as root).
"""

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .processes import free_port, wait_for_port

BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))


@dataclass
class PrivatePostgres:
    root: Path
    port: int

    def _run(self, *command: str, check: bool = True) -> subprocess.CompletedProcess:
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        return subprocess.run(
            [*prefix, *command], check=check, capture_output=True, text=True, cwd="/"
        )

    def url(self, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def start(self) -> None:
        self._run(
            str(BIN / "pg_ctl"), "-D", str(self.root / "data"), "-l", str(self.root / "log"),
            "-o", f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off",
            "-w", "start",
        )  # fmt: skip
        wait_for_port(self.port, timeout=30)

    def stop(self) -> None:
        self._run(str(BIN / "pg_ctl"), "-D", str(self.root / "data"), "-m", "fast", "-w", "stop")


@contextmanager
def private_postgres() -> Iterator[PrivatePostgres]:
    """initdb + pg_ctl start in a temporary folder; stopped and removed afterwards."""
    root = Path(tempfile.mkdtemp(prefix="sd-postgres-"))
    server = PrivatePostgres(root=root, port=free_port())
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    server._run(
        str(BIN / "initdb"), "-D", str(root / "data"), "-U", "postgres", "--auth=trust",
        "--no-sync", "-E", "UTF8",
    )  # fmt: skip
    server.start()
    try:
        yield server
    finally:
        server._run(
            str(BIN / "pg_ctl"), "-D", str(root / "data"), "-m", "immediate", "stop", check=False
        )
        shutil.rmtree(root, ignore_errors=True)
