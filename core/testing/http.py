"""Talk to a server process the way a browser without JavaScript does."""

import re
from http.client import HTTPResponse
from http.cookiejar import CookieJar
from urllib.parse import urlencode
from urllib.request import HTTPCookieProcessor, Request, build_opener


def post_form(base_url: str, path: str, data: dict[str, str]) -> HTTPResponse:
    """GET the form for its CSRF token, POST it like a browser; the final response."""
    opener = build_opener(HTTPCookieProcessor(CookieJar()))
    page = opener.open(base_url + path, timeout=30).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    body = urlencode({"csrfmiddlewaretoken": token, **data}).encode()
    request = Request(base_url + path, data=body, headers={"Referer": base_url + path})  # noqa: S310
    return opener.open(request, timeout=30)
