"""In Chromium: the lead uploads the registrar's CSV by keyboard and follows the job."""

import re

import pytest
from django.contrib.auth.models import Permission
from playwright.sync_api import expect

from accounts.models import StudentImport
from accounts.student_imports import student_import_run_batch
from accounts.tests.test_student_import import WITH_BAD_ROWS
from core.testing.broker import purge_queue
from core.testing.browser import assert_accessible
from tickets.tests.e2e.helpers import sign_in, use_language

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT = {
    "nl": {
        "file": "CSV-bestand van de studentenadministratie",
        "import": "Importeren",
        "queued": "De import staat in de wachtrij",
        "progress": "Nog bezig: 0 van 6 rijen verwerkt.",
        "refresh": "Vernieuwen",
        "line": "Regel 3:",
        "done": "Afgehandeld",
    },
    "en": {
        "file": "CSV file from the registrar",
        "import": "Import",
        "queued": "The import is queued",
        "progress": "Still importing: 0 of 6 rows processed.",
        "refresh": "Refresh",
        "line": "Line 3:",
        "done": "Done",
    },
}


@pytest.fixture(autouse=True)
def private_storage(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    purge_queue()
    yield
    purge_queue()  # the upload's own task reached the broker after commit


@pytest.mark.parametrize("language", ["nl", "en"])
def test_lead_uploads_by_keyboard_and_follows_the_job_to_its_refused_rows(
    page, live_server, desk_lead, tmp_path, language
):
    t = TEXT[language]
    desk_lead.user_permissions.add(Permission.objects.get(codename="add_user"))
    csv_path = tmp_path / "students.csv"
    csv_path.write_text(WITH_BAD_ROWS, encoding="utf-8")
    use_language(page, live_server, language)
    sign_in(page, live_server, desk_lead)

    # Playwright intercepts the file dialog only once a listener is registered,
    # which it tells the browser without waiting: registered here, long before
    # Space, so a loaded machine cannot open the dialog before the interception.
    page.on("filechooser", lambda _chooser: None)
    page.goto("/admin/accounts/user/import-students/")
    assert_accessible(page)
    field = page.get_by_label(t["file"])
    field.focus()
    expect(field).to_be_focused()
    # The system file dialog a keyboard user opens with Space is not the
    # page's; Playwright fills it in, the rest is keys. (A loaded CI machine
    # once took longer than the default 10 s to open it.)
    with page.expect_file_chooser(timeout=30_000) as chooser:
        page.keyboard.press("Space")
    chooser.value.set_files(str(csv_path))
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name=t["import"])).to_be_focused()
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"/admin/accounts/studentimport/\d+/change/$"))
    job = StudentImport.objects.get()
    assert page.url.endswith(f"/studentimport/{job.pk}/change/")
    expect(page.locator(".messagelist")).to_contain_text(t["queued"])
    expect(page.get_by_role("status")).to_contain_text(t["progress"])
    assert_accessible(page)

    # A worker takes the job (here: the test runs its one batch).
    assert student_import_run_batch(job_id=job.pk) is False
    refresh = page.get_by_role("link", name=t["refresh"])
    refresh.focus()
    page.keyboard.press("Enter")
    expect(page.locator("body")).to_contain_text(t["line"])
    expect(page.locator(".field-status")).to_contain_text(t["done"])
    expect(page.get_by_role("link", name=t["refresh"])).to_have_count(0)
    assert_accessible(page)
