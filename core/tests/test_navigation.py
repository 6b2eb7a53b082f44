"""The one rule for "this request opens a page", as browsers and scripts send requests."""

import pytest
from django.test import RequestFactory

from core.navigation import is_page_navigation

CHROMIUM_PAGE = {"HTTP_SEC_FETCH_MODE": "navigate", "HTTP_SEC_FETCH_DEST": "document"}
CHROMIUM_ICON = {
    "HTTP_SEC_FETCH_MODE": "no-cors",
    "HTTP_SEC_FETCH_DEST": "image",
    "HTTP_ACCEPT": "image/avif,image/webp,*/*",
}


@pytest.mark.parametrize(
    ("method", "headers", "page"),
    [
        ("get", CHROMIUM_PAGE, True),
        ("head", CHROMIUM_PAGE, True),
        ("get", {"HTTP_SEC_FETCH_MODE": "nested-navigate"}, True),
        ("get", {"HTTP_SEC_FETCH_DEST": "iframe"}, True),
        ("get", CHROMIUM_ICON, False),  # the site icon must never be redirected
        ("get", {"HTTP_SEC_FETCH_MODE": "cors", "HTTP_ACCEPT": "text/html"}, False),
        ("post", CHROMIUM_PAGE, False),  # a form post would lose its body
        ("get", {}, True),  # the test client, scripts
        ("get", {"HTTP_ACCEPT": "*/*"}, True),  # curl
        ("get", {"HTTP_ACCEPT": "text/html,application/xhtml+xml"}, True),
        ("get", {"HTTP_ACCEPT": "application/json"}, False),
    ],
)
def test_a_request_opens_a_page(method, headers, page):
    request = getattr(RequestFactory(), method)("/requests/", **headers)
    assert is_page_navigation(request) is page
