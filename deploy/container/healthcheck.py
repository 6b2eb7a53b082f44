"""The image's HEALTHCHECK: GET /healthz on this container's web server.

Standard library only and no Django import, so a check every few seconds
costs next to nothing. It sends the first of ALLOWED_HOSTS as the Host header
(Django answers 400 to a host it does not serve), and exits 0 only on 200.
A worker or beat container runs no web server: there it checks nothing
(compose and the Kubernetes manifests switch it off for those).
"""

import os
import sys
import urllib.error
import urllib.request
from pathlib import Path


def health_host() -> str:
    """A host name Django accepts: the first ALLOWED_HOSTS entry, made concrete."""
    first = os.environ.get("ALLOWED_HOSTS", "localhost").split(",")[0].strip()
    if first in {"", "*"}:
        return "localhost"
    return "health" + first if first.startswith(".") else first


def runs_web_server() -> bool:
    """Whether gunicorn runs in this container (the check runs beside it)."""
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            if b"gunicorn" in cmdline.read_bytes():
                return True
        except OSError:  # the process ended while we looked
            continue
    return False


def main() -> int:
    if not runs_web_server():
        return 0
    port = os.environ.get("PORT", "8000")
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/healthz", headers={"Host": health_host()}
    )
    try:
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
            return 0 if response.status == 200 else 1
    except (urllib.error.URLError, OSError) as error:
        print(f"healthz: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
