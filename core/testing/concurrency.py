"""Many clients at once against a live server, to prove that a limit holds under a race.

Each simulated browser first fetches its form (for the CSRF cookie and
token), then all of them post at the same instant, released by a barrier,
so the server sees the tries side by side rather than one after another.
"""

import re
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import httpx

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Browser:
    """A cookie-keeping HTTP client, optionally behind a proxy that names its address."""

    def __init__(self, base_url: str, *, client_ip: str = "", cookies: dict | None = None):
        headers = {"X-Forwarded-For": client_ip} if client_ip else {}
        self.http = httpx.Client(
            base_url=base_url, headers=headers, cookies=cookies or {}, timeout=60
        )

    def form_post(self, path: str, data: dict[str, str]) -> Callable[[], int]:
        """GET ``path`` now for its CSRF token; the returned call POSTs ``data`` (status)."""
        page = self.http.get(path)
        token = TOKEN.search(page.text).group(1)
        body = {"csrfmiddlewaretoken": token, **data}
        referer = str(self.http.base_url.join(path))

        def post() -> int:
            return self.http.post(path, data=body, headers={"Referer": referer}).status_code

        return post

    def json_get(self, path: str) -> Callable[[], int]:
        """The returned call GETs ``path`` (status)."""
        return lambda: self.http.get(path).status_code


def all_at_once(calls: list[Callable[[], int]]) -> list[int]:
    """Run every call in its own thread, all released together; their results."""
    barrier = threading.Barrier(len(calls))

    def run(call: Callable[[], int]) -> int:
        barrier.wait(timeout=60)
        return call()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(run, calls))


class CallCounter:
    """Wraps a function and counts its calls across the server's threads."""

    def __init__(self, function: Callable):
        self.function = function
        self.calls = 0
        self._lock = threading.Lock()

    def __call__(self, *args, **kwargs):
        with self._lock:
            self.calls += 1
        return self.function(*args, **kwargs)
