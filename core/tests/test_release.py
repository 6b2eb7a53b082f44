"""The release fingerprint follows the contents of code, templates and catalogs, not their dates."""

import os

from core import release


def fingerprint_of(root, settings) -> str:
    settings.BASE_DIR = root
    release.release_fingerprint.cache_clear()
    try:
        return release.release_fingerprint()
    finally:
        release.release_fingerprint.cache_clear()


def test_a_changed_template_changes_it_and_a_touched_one_does_not(tmp_path, settings):
    template = tmp_path / "tickets" / "templates" / "page.html"
    template.parent.mkdir(parents=True)
    template.write_text("<p>{{ name }} wrote</p>")
    (tmp_path / "tickets" / "views.py").write_text("VALUE = 1\n")
    first = fingerprint_of(tmp_path, settings)

    os.utime(template, (1, 1))  # another host, another date: the same release
    assert fingerprint_of(tmp_path, settings) == first

    template.write_text("<p>{{ name }} schreef</p>")
    assert fingerprint_of(tmp_path, settings) != first


def test_tests_and_local_data_are_not_part_of_the_release(tmp_path, settings):
    (tmp_path / "tickets").mkdir()
    (tmp_path / "tickets" / "views.py").write_text("VALUE = 1\n")
    first = fingerprint_of(tmp_path, settings)
    for folder in ("tests", "data", ".venv"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "x.py").write_text("changed = True\n")
    assert fingerprint_of(tmp_path, settings) == first
