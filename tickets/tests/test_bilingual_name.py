"""core.models.BilingualName: one shape for the names staff write in Dutch and English."""

import pytest
from django.contrib import admin
from django.utils import translation

from core.models import BilingualName
from tickets.models import Category, Desk, Office, ResolverGroup, SavedView

MODELS = [Desk, Category, ResolverGroup, Office, SavedView]


@pytest.mark.parametrize("model", MODELS)
def test_the_models_with_a_bilingual_name_share_the_base(model):
    assert issubclass(model, BilingualName)
    assert {"name_nl", "name_en"} <= {field.name for field in model._meta.fields}


@pytest.mark.parametrize("model", MODELS)
def test_the_name_is_the_readers_language_with_the_other_as_fallback(model):
    item = model(name_nl="Loket", name_en="Desk")
    with translation.override("en"):
        assert (item.name, str(item)) == ("Desk", "Desk")
    with translation.override("nl"):
        assert (item.name, str(item)) == ("Loket", "Loket")
    with translation.override("en"):
        assert model(name_nl="Alleen Nederlands", name_en="").name == "Alleen Nederlands"


@pytest.mark.parametrize(
    ("model", "length"),
    [(Desk, 120), (Category, 120), (ResolverGroup, 120), (Office, 160), (SavedView, 60)],
)
def test_each_model_keeps_its_name_length(model, length):
    assert model._meta.get_field("name_nl").max_length == length
    assert model._meta.get_field("name_en").max_length == length


@pytest.mark.parametrize(
    ("model", "order"),
    [
        (Desk, ["slug", "name_nl", "name_en", "is_active", "agents"]),
        (
            Category,
            ["parent", "slug", "name_nl", "name_en", "default_desk", "position", "is_active"],
        ),
        (ResolverGroup, ["slug", "name_nl", "name_en", "desk", "members", "is_active"]),
    ],
)
def test_the_admin_form_keeps_its_field_order(model, order, rf, admin_user):
    request = rf.get("/")
    request.user = admin_user
    form = admin.site._registry[model].get_form(request)
    assert list(form.base_fields) == order
