"""The admin site: Django's, with its list of apps built only on pages that show it.

Django's ``each_context`` builds ``available_apps`` (every registered model,
its permissions and URLs) for every admin page, for the navigation side bar.
The request list and the request page hide that side bar, yet paid about
2 ms for the list on every load (issue 23). Here it is built when a
template first reads it: the index and the pages that keep the side bar.
"""

from django.contrib.admin import AdminSite
from django.contrib.admin.apps import AdminConfig
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject


class PortalAdminSite(AdminSite):
    def each_context(self, request: HttpRequest) -> dict:
        """As Django 5.2's, with ``available_apps`` lazy."""
        script_name = request.META["SCRIPT_NAME"]
        site_url = script_name if self.site_url == "/" and script_name else self.site_url
        return {
            "site_title": self.site_title,
            "site_header": self.site_header,
            "site_url": site_url,
            "has_permission": self.has_permission(request),
            "available_apps": SimpleLazyObject(lambda: self.get_app_list(request)),
            "is_popup": False,
            "is_nav_sidebar_enabled": self.enable_nav_sidebar,
            "log_entries": self.get_log_entries(request),
        }


class PortalAdminConfig(AdminConfig):
    """``django.contrib.admin`` with ``PortalAdminSite`` as ``admin.site``."""

    default_site = "servicedesk.admin_site.PortalAdminSite"
