"""kb_screenshots photographs the portal's pages and the manuals show them.

The command is a thin wrapper around ``refresh_demo_screenshots``; the test
calls that with the session's Chromium, since Playwright allows one sync
driver per thread and the session's browser is already running.
"""

import pytest
from django.core.management import call_command

from accounts.demo import DEMO_PASSWORD
from accounts.models import User
from knowledgebase.demo import MANUALS
from knowledgebase.models import Article
from knowledgebase.screenshots import refresh_demo_screenshots

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def refresh(live_server, browser) -> int:
    student = User.objects.get(username="student")
    return refresh_demo_screenshots(
        base_url=live_server.url,
        user=student,
        password=DEMO_PASSWORD,
        manuals=MANUALS,
        browser=browser,
    )


def test_manuals_get_current_screenshots_of_the_portal(client, live_server, browser):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    keyed = sum(1 for *_manual, steps in MANUALS for step in steps if len(step) > 2 and step[2])
    assert refresh(live_server, browser) == keyed  # every step naming a portal page
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
    refresh(live_server, browser)
    steps[0].refresh_from_db()
    storage = steps[0].screenshot.storage
    assert storage.exists(steps[0].screenshot.name)
    # The first image is gone, or was replaced under its own name.
    assert steps[0].screenshot.name == first or not storage.exists(first)
    assert storage.size(steps[0].screenshot.name) > 1000
    # Every demo manual shows the portal at least once.
    manuals = Article.objects.filter(kind="manual")
    assert manuals.count() == len(MANUALS)
    assert not manuals.exclude(steps__screenshot__gt="").exists()
