"""A real Docker daemon for the container tests: reuse one, or start our own.

Debian's ``docker.io`` (installed by scripts/test) brings ``dockerd`` and a
client whose ``docker build`` has BuildKit built in. When no daemon answers,
``docker_daemon()`` starts one with its own socket and data root: no default
bridge, no iptables rules, no IP forwarding, so the machine's routing and
firewall are left as they were. Containers use the host's network, or a
user-defined bridge network (compose's; a bridge interface while it
exists): there they reach each other and the host's address on that
bridge, nothing beyond. Its images stay in the data
root between runs, which is what keeps a warm build cheap.
"""

import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

DATA_ROOT = Path(os.environ.get("SERVICEDESK_DOCKER_DATA_ROOT", "/var/lib/servicedesk-docker"))
EXEC_ROOT = Path("/run/servicedesk-docker")
SOCKET = EXEC_ROOT / "docker.sock"


def docker_client() -> str:
    """Debian's client when installed (BuildKit without the buildx plugin)."""
    if Path("/usr/bin/docker").exists():
        return "/usr/bin/docker"
    found = shutil.which("docker")
    if found is None:
        raise RuntimeError(
            "no docker client: install Debian's docker.io (apt-get install docker.io)"
        )
    return found


def _answers(env: dict[str, str]) -> bool:
    result = subprocess.run(
        [docker_client(), "info", "--format", "{{.ServerVersion}}"],
        env=env, capture_output=True, timeout=30,
    )  # fmt: skip
    return result.returncode == 0


@contextmanager
def docker_daemon() -> Iterator[dict[str, str]]:
    """Yield an environment whose ``docker`` reaches a running daemon."""
    env = dict(os.environ) | {"DOCKER": docker_client()}
    if _answers(env):
        yield env
        return
    # One this helper started for another run (another test session, or a
    # developer's own ``dockerd`` with these roots): share it, leave it running.
    private = env | {"DOCKER_HOST": f"unix://{SOCKET}"}
    if SOCKET.exists() and _answers(private):
        yield private
        return
    dockerd = shutil.which("dockerd") or "/usr/sbin/dockerd"
    if not Path(dockerd).exists():
        raise RuntimeError(
            "dockerd is missing: install Debian's docker.io (apt-get install docker.io)"
        )
    DATA_ROOT.mkdir(parents=True, exist_ok=True)
    EXEC_ROOT.mkdir(parents=True, exist_ok=True)
    env["DOCKER_HOST"] = f"unix://{SOCKET}"
    log_path = DATA_ROOT / "dockerd.log"
    with log_path.open("ab") as log:
        process = subprocess.Popen(
            [dockerd, "--data-root", str(DATA_ROOT), "--exec-root", str(EXEC_ROOT),
             "--pidfile", str(EXEC_ROOT / "dockerd.pid"), "--host", env["DOCKER_HOST"],
             "--bridge", "none", "--iptables=false", "--ip6tables=false",
             "--ip-forward=false", "--ip-masq=false"],
            stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while not _answers(env):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"dockerd did not start; see {log_path}")
            time.sleep(0.5)
        yield env
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
