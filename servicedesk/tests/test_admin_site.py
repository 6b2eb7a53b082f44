"""The admin builds its list of apps only for pages that show it (the index, the side bar)."""

import pytest
from django.contrib import admin

from core.testing.clients import staff_client
from servicedesk.admin_site import PortalAdminSite


@pytest.fixture
def app_list_builds(monkeypatch):
    calls = []
    eager = PortalAdminSite.get_app_list

    def counting(self, request, app_label=None):
        calls.append(app_label)
        return eager(self, request, app_label)

    monkeypatch.setattr(PortalAdminSite, "get_app_list", counting)
    return calls


@pytest.mark.django_db
def test_the_request_list_without_side_bar_builds_no_app_list(agent, app_list_builds):
    assert isinstance(admin.site, PortalAdminSite)
    response = staff_client(agent).get("/admin/tickets/ticket/")
    assert response.status_code == 200
    assert app_list_builds == []


@pytest.mark.django_db
def test_the_index_and_a_page_with_the_side_bar_still_list_the_apps(agent, app_list_builds):
    client = staff_client(agent)
    index = client.get("/admin/").content.decode()
    assert "/admin/tickets/ticket/" in index
    sidebar = client.get("/admin/tickets/category/")
    assert sidebar.status_code == 200
    assert 'id="nav-sidebar"' in sidebar.content.decode()
    assert len(app_list_builds) >= 2
