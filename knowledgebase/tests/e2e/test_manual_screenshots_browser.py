"""kb_screenshots photographs the portal's pages and the manuals show them."""

import pytest
from django.core.management import call_command

from knowledgebase.models import Article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_manuals_get_current_screenshots_of_the_portal(client, live_server):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("kb_screenshots", base_url=live_server.url, stdout=open("/dev/null", "w"))  # noqa: SIM115
    manual = Article.objects.get(slug="manual-file-and-follow-request")
    steps = list(manual.steps.order_by("position"))
    assert all(step.screenshot for step in steps)
    assert steps[0].screenshot_alt_en.startswith("The File a request form")
    html = client.get(f"{manual.get_absolute_url()}?lang=en").content.decode()
    for step in steps:
        assert f'src="{step.screenshot.url}"' in html
        image = client.get(step.screenshot.url)
        assert image.status_code == 200
        assert b"".join(image.streaming_content).startswith(b"\x89PNG")
    # A second run replaces the images instead of piling up files.
    first = steps[0].screenshot.name
    call_command("kb_screenshots", base_url=live_server.url, stdout=open("/dev/null", "w"))  # noqa: SIM115
    steps[0].refresh_from_db()
    storage = steps[0].screenshot.storage
    assert storage.exists(steps[0].screenshot.name)
    # The first image is gone, or was replaced under its own name.
    assert steps[0].screenshot.name == first or not storage.exists(first)
    assert storage.size(steps[0].screenshot.name) > 1000
    assert Article.objects.filter(kind="manual", steps__screenshot__gt="").distinct().count() >= 3
