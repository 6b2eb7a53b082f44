"""Playwright on Debian's Chromium, and the axe-core check every page gets."""

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

CHROMIUM_PATH = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

_axe = Axe()


def assert_accessible(page: Page) -> None:
    """Fail with axe-core's own report when the page has any violation.

    Waits for the page's load event first: right after a redirect the URL
    already shows the new page while its document is still empty, and axe
    would judge that empty document (a loaded CI machine showed this).
    """
    page.wait_for_load_state("load")
    results = _axe.run(page)
    assert results.violations_count == 0, (
        f"{results.violations_count} accessibility violation(s) on {page.url}:\n"
        f"{results.generate_report()}"
    )
