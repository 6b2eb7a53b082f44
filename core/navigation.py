"""Whether a request opens a page: the one rule every gate asks before redirecting.

A gate (MFA set-up, consent, the AUP) may send a browser elsewhere only when
it is opening a page. A form post would lose its body on a redirect; an image,
a script or a background fetch would get a page it cannot use (the site icon
answered with a redirect once broke staff MFA enrolment).
"""

from django.http import HttpRequest

NAVIGATION_MODES = ("navigate", "nested-navigate")
NAVIGATION_DESTINATIONS = ("document", "iframe", "frame")


def is_page_navigation(request: HttpRequest) -> bool:
    """GET or HEAD for a page.

    Browsers say so in the Fetch Metadata headers, which decide when present.
    Without them (older browsers, scripts, the test client) a request that
    accepts HTML, anything (``*/*``) or names no type counts as a page.
    """
    if request.method not in ("GET", "HEAD"):
        return False
    mode = request.headers.get("Sec-Fetch-Mode")
    destination = request.headers.get("Sec-Fetch-Dest")
    if mode or destination:
        return mode in NAVIGATION_MODES or destination in NAVIGATION_DESTINATIONS
    accept = request.headers.get("Accept", "")
    return not accept or "text/html" in accept or "*/*" in accept
