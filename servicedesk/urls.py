"""Top-level URLs. The paths here are promised to users and other issues."""

from allauth.headless.spec.views import OpenAPIHTMLView
from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from api import headless_spec
from api.docs_policy import redoc_policy
from knowledgebase.sitemaps import SITEMAPS

from . import metrics, views, webbasics

# API paths answer in the API's error shape; an unreachable database is a 503.
handler400 = "servicedesk.errors.bad_request"
handler404 = "servicedesk.errors.page_not_found"
handler500 = "servicedesk.errors.server_error"

# The admin speaks the portal's language: no stock "Django-beheer" header.
admin.site.site_header = _("Service desk administration")
admin.site.site_title = _("Service desk administration")
admin.site.index_title = _("What do you want to manage?")

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("metrics", metrics.metrics, name="metrics"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("robots.txt", webbasics.robots_txt, name="robots_txt"),
    path(".well-known/security.txt", webbasics.security_txt, name="security_txt"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("i18n/setlang/", views.switch_language, name="set_language"),
    path("theme/", include("branding.urls")),
    path("requests/", include("appointments.urls")),
    path("requests/", include("tickets.urls")),
    path("kb/", include("knowledgebase.urls")),
    path("survey/", include("surveys.urls")),
    path("mail/", include("notifications.urls")),
    path("status/", include("servicestatus.urls")),
    path("aup/", include("knowledgebase.aup_urls")),
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    # The mobile app: allauth's headless auth (app client) and our API. Our
    # few headless endpoints come first: the reset request with the portal's
    # form and the phone-code login stage (api/headless.py).
    path("_allauth/app/v1/", include("api.headless_urls")),
    # allauth's specification with those endpoints added (api/headless_spec.py).
    path("_allauth/openapi.json", headless_spec.SpecificationJsonView.as_view()),
    path("_allauth/openapi.yaml", headless_spec.SpecificationYamlView.as_view()),
    # Its Redoc page, with what Redoc needs beyond the portal's CSP.
    path("_allauth/openapi.html", redoc_policy(OpenAPIHTMLView.as_view())),
    path("_allauth/", include("allauth.headless.urls")),
    path("api/v1/", include("api.urls")),
]

# Uploaded files (manual screenshots) in the local run; production serves
# MEDIA_ROOT from the web server or object storage.
urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
