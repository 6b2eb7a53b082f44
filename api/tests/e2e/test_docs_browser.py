"""In Chromium: the API documentation renders from our own static files only.

Every request the page makes is recorded; anything not served by the live
server (a CDN) fails the test, except what the page's Content-Security-Policy
blocks before it leaves the browser (Redoc's badge image). Swagger UI and
Redoc are third-party pages for developers, so they get no axe check of ours.
"""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(
    ("path", "marker"),
    [("/api/v1/docs/", "/api/v1/requests/"), ("/api/v1/redoc/", "IT Service Desk API"),
     ("/_allauth/openapi.html", "allauth")],
)  # fmt: skip
def test_documentation_renders_without_any_outside_request(page, live_server, path, marker):
    outside: dict[str, str | None] = {}

    def is_outside(url: str) -> bool:
        return not url.startswith((live_server.url, "data:", "blob:"))

    page.on("request", lambda r: outside.setdefault(r.url, None) if is_outside(r.url) else None)
    page.on(
        "requestfailed",
        lambda r: outside.__setitem__(r.url, r.failure) if is_outside(r.url) else None,
    )
    page.goto(path)
    expect(page.get_by_text(marker).first).to_be_visible(timeout=20_000)
    page.wait_for_load_state("networkidle")
    # Only what the page's own CSP stopped inside the browser may be listed.
    leaked = [url for url, failure in outside.items() if failure != "csp"]
    assert leaked == [], outside
