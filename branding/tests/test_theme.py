"""The theme: settings by default, the lead's override in the admin, contrast refused."""

import pytest
from django.core.cache import cache
from django.core.checks import Error
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings

from branding.checks import brand_colour_is_accessible
from branding.contrast import contrast_ratio
from branding.models import Theme
from branding.services import theme_save

SVG = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 4"><rect width="4"/></svg>'


@pytest.fixture(autouse=True)
def fresh_theme_cache():
    cache.delete("branding:theme:v1")
    yield
    cache.delete("branding:theme:v1")


def test_contrast_ratio_matches_wcag_examples():
    assert round(contrast_ratio("#000000", "#ffffff"), 1) == 21.0
    assert round(contrast_ratio("#767676", "#ffffff"), 2) == 4.54  # the classic AA grey


@override_settings(BRAND_COLOUR="#0b4f8a")
def test_start_up_check_accepts_a_dark_brand_colour():
    assert brand_colour_is_accessible(None) == []


@pytest.mark.parametrize("colour", ["#ffcc00", "#3399ff", "teal", "#12345"])
def test_start_up_check_refuses_a_colour_white_text_cannot_be_read_on(colour):
    with override_settings(BRAND_COLOUR=colour):
        errors = brand_colour_is_accessible(None)
    assert [error.id for error in errors] == ["branding.E001"]
    assert isinstance(errors[0], Error)


@pytest.mark.django_db
def test_the_admin_refuses_a_light_brand_colour_with_a_translated_reason(desk_lead):
    with pytest.raises(ValidationError) as raised:
        theme_save(theme=Theme(brand_colour="#66aaff"), acting_user=desk_lead)
    assert raised.value.error_dict["brand_colour"][0].code == "contrast"
    assert not Theme.objects.exists()


@pytest.mark.django_db
@override_settings(BRAND_UNIVERSITY_NAME="Universiteit Voorbeeld", BRAND_FOOTER_LINKS="")
def test_pages_show_settings_then_the_leads_override(client, desk_lead):
    html = client.get("/").content.decode()
    assert "Universiteit Voorbeeld" in html
    assert "--brand: #0b4f8a;" in client.get("/theme/theme.css").content.decode()

    theme_save(
        theme=Theme(
            university_name="Hogeschool Zuid",
            brand_colour="#7a1f5c",
            footer_links="Privacy | https://www.example.org/privacy\nStatus | /status/",
        ),
        acting_user=desk_lead,
    )
    html = client.get("/").content.decode()
    assert "Hogeschool Zuid" in html
    assert '<a href="https://www.example.org/privacy">Privacy</a>' in html
    css = client.get("/theme/theme.css")
    assert css["Content-Type"].startswith("text/css")
    assert "--brand: #7a1f5c;" in css.content.decode()


@pytest.mark.django_db
def test_footer_links_must_be_text_bar_address(desk_lead):
    with pytest.raises(ValidationError) as raised:
        theme_save(theme=Theme(footer_links="just words"), acting_user=desk_lead)
    assert "footer_links" in raised.value.error_dict


@pytest.mark.django_db
def test_the_servicedesk_lead_changes_the_theme_in_the_admin(desk_lead, agent_first_line):
    assert not agent_first_line.has_perm("branding.change_theme")
    client = Client()
    client.force_login(desk_lead)
    # The list goes straight to the one row (the add form while there is none).
    response = client.get("/admin/branding/theme/")
    assert response.status_code == 302
    assert response["Location"] == "/admin/branding/theme/add/"
    form = {"university_name": "Hogeschool Zuid", "brand_colour": "#ffdd00", "footer_links": ""}
    refused = client.post("/admin/branding/theme/add/", form)
    assert refused.status_code == 200  # kept what was typed, with the reason
    assert "Hogeschool Zuid" in refused.content.decode()
    assert not Theme.objects.exists()
    logo = SimpleUploadedFile("logo.svg", SVG, content_type="image/svg+xml")
    saved = client.post(
        "/admin/branding/theme/add/", form | {"brand_colour": "#7a1f5c", "logo": logo}
    )
    assert saved.status_code == 302
    assert Theme.objects.get().brand_colour == "#7a1f5c"
    html = client.get("/").content.decode()
    assert "Hogeschool Zuid" in html
    assert 'src="/theme/logo?v=' in html
    served = client.get("/theme/logo")
    assert served["Content-Type"] == "image/svg+xml"
    assert b"".join(served.streaming_content) == SVG
