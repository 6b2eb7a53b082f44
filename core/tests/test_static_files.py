"""The static files' storage gives the manifest's addresses, each worked out once."""

import json

import pytest

from core.static_files import MAX_KEPT, KeptUrlManifestStorage


@pytest.fixture
def storage(tmp_path, settings):
    settings.DEBUG = False
    manifest = {"version": "1.1", "paths": {"css/site.css": "css/site.0123abcd.css"}}
    (tmp_path / "staticfiles.json").write_text(json.dumps(manifest))
    return KeptUrlManifestStorage(location=str(tmp_path), base_url="/static/")


def test_the_address_is_the_manifests_and_kept(storage, monkeypatch):
    assert storage.url("css/site.css") == "/static/css/site.0123abcd.css"
    monkeypatch.setattr(storage, "hashed_files", {})  # the manifest is not read again
    assert storage.url("css/site.css") == "/static/css/site.0123abcd.css"


def test_a_name_missing_from_the_manifest_still_fails(storage):
    with pytest.raises(ValueError, match="Missing staticfiles manifest entry"):
        storage.url("css/absent.css")


def test_only_so_many_names_are_kept(storage, monkeypatch):
    storage.hashed_files.update({f"js/{n}.js": f"js/{n}.ab.js" for n in range(MAX_KEPT + 5)})
    for n in range(MAX_KEPT + 5):
        storage.url(f"js/{n}.js")
    assert len(storage._urls) == MAX_KEPT
