"""In Chromium: the API documentation renders from our own static files only.

Every request the page makes is recorded; anything not served by the live
server (a CDN) fails the test, except what the page's Content-Security-Policy
blocks before it leaves the browser (Redoc's badge image).

The pages are for developers and in English whatever the portal language,
yet they are pages of ours: axe checks them with either language chosen,
and Swagger UI is worked by keyboard (our templates and static/js/api-docs-a11y.js
make up for what the third-party renderers miss).
"""

import pytest
from playwright.sync_api import expect

from core.testing.browser import assert_accessible

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


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize(
    ("path", "marker"),
    [("/api/v1/docs/", "/api/v1/requests/"), ("/api/v1/redoc/", "IT Service Desk API"),
     ("/_allauth/openapi.html", "allauth")],
)  # fmt: skip
def test_documentation_has_no_accessibility_violations(page, live_server, language, path, marker):
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )
    page.goto(path)
    expect(page.get_by_text(marker).first).to_be_visible(timeout=20_000)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert_accessible(page)


def _tab_to(page, target) -> None:
    """Press Tab until ``target`` has the focus (at most 80 times)."""
    for _ in range(80):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return
    expect(target).to_be_focused()


def test_swagger_ui_tries_an_operation_by_keyboard(page):
    page.goto("/api/v1/docs/")
    operation = page.locator("#operations-requests-requests_list")
    toggle = operation.locator(".opblock-summary-control")
    expect(toggle).to_be_visible(timeout=20_000)
    _tab_to(page, toggle)
    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    try_it = operation.get_by_role("button", name="Try it out")
    _tab_to(page, try_it)
    page.keyboard.press("Enter")
    expect(operation.get_by_role("button", name="Execute")).to_be_visible()
    assert_accessible(page)
