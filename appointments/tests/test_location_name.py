"""A location's name is the shared bilingual name (core.models.BilingualName)."""

from django.contrib import admin
from django.utils import translation

from appointments.models import Location
from core.models import BilingualName


def test_a_location_has_the_shared_bilingual_name():
    assert issubclass(Location, BilingualName)
    assert Location._meta.get_field("name_nl").max_length == 120
    location = Location(name_nl="Balie", name_en="Desk room")
    with translation.override("en"):
        assert (location.name, str(location)) == ("Desk room", "Desk room")
    with translation.override("nl"):
        assert str(location) == "Balie"


def test_the_location_admin_form_keeps_its_field_order(rf, admin_user):
    request = rf.get("/")
    request.user = admin_user
    form = admin.site._registry[Location].get_form(request)
    assert list(form.base_fields) == ["desk", "name_nl", "name_en", "address", "is_active"]
