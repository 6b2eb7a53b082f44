"""What every website answers besides its pages: robots.txt and security.txt.

The favicon has its own view (``views.favicon``); the sitemap of the public
knowledgebase is ``knowledgebase.sitemaps``.
"""

from datetime import UTC, timedelta

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from core.language import SUPPORTED_LANGUAGES

#: Public pages under otherwise private paths: someone searching the web for
#: "file a request" or the login should land on them (RFC 9309: the longest
#: matching rule wins, so these beat the Disallow of their parent).
ROBOTS_ALLOWED = ("/requests/new/", "/accounts/login/", "/accounts/activate/")

#: Paths no search engine needs: signed-in pages, the admin and the API.
ROBOTS_DISALLOWED = (
    "/accounts/",
    "/admin/",
    "/api/",
    "/_allauth/",
    "/requests/",
    "/survey/",
    "/i18n/",
    "/kb/screenshots/",
    "/kb/suggest/",
)


@require_GET
def robots_txt(request: HttpRequest) -> HttpResponse:
    """Crawl the public pages and the knowledgebase; skip what needs a login."""
    lines = [
        "User-agent: *",
        *(f"Allow: {path}" for path in ROBOTS_ALLOWED),
        *(f"Disallow: {path}" for path in ROBOTS_DISALLOWED),
    ]
    lines.append(f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def security_txt_body(request: HttpRequest) -> str:
    """RFC 9116 fields; Expires lies SECURITY_TXT_LIFETIME_DAYS ahead of this request.

    Computed per request so a deployment never serves an expired file.
    """
    expires = timezone.now().replace(microsecond=0) + timedelta(
        days=settings.SECURITY_TXT_LIFETIME_DAYS
    )
    fields = [f"Contact: {contact}" for contact in settings.SECURITY_TXT_CONTACTS]
    fields.append(f"Expires: {expires.astimezone(UTC).strftime('%Y-%m-%dT%H:%M:%SZ')}")
    fields.append(f"Preferred-Languages: {', '.join(SUPPORTED_LANGUAGES)}")
    fields.append(f"Canonical: {request.build_absolute_uri(request.path)}")
    if settings.SECURITY_TXT_POLICY:
        fields.append(f"Policy: {settings.SECURITY_TXT_POLICY}")
    return "\n".join(fields) + "\n"


@require_GET
def security_txt(request: HttpRequest) -> HttpResponse:
    return HttpResponse(security_txt_body(request), content_type="text/plain; charset=utf-8")
