"""The Nu Html Checker (vnu-jar from package.json) finds no error on any requester page.

Every page a student, a prospect or an anonymous visitor can open is fetched
in Dutch and in English, written to files, and checked in one run of vnu
(one JVM start, ~10 s). Needs ``npm ci`` (scripts/test runs it) and Java.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import Client

from accounts.models import User
from knowledgebase.models import Article, AupVersion, Category

VNU_JAR = settings.BASE_DIR / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

ANONYMOUS_PAGES = [
    "/",
    "/kb/",
    "/kb/search/?q=wachtwoord",
    "/kb/search/?q=zzzzqqq",
    "/aup/",
    "/accounts/login/",
    "/accounts/login/code/",
    "/accounts/password/reset/",
    "/accounts/activate/",
    "/accounts/alumni/activate/",
    "/requests/new/",
    "/status/",
    "/status/subscribe/",
    "/does-not-exist/",
]

SIGNED_IN_PAGES = [
    "/",
    "/kb/",
    "/requests/",
    "/requests/new/",
    "/accounts/profile/",
    "/accounts/password/change/",
    "/accounts/mfa/setup/",
    "/accounts/mfa/phone/",
    "/accounts/2fa/",
]


def _content_pages() -> list[str]:
    """One page of every kind the knowledgebase has: category, FAQ, manual, AUP version."""
    faq = Article.objects.filter(kind=Article.Kind.FAQ, status="published").first()
    manual = Article.objects.filter(kind=Article.Kind.MANUAL, status="published").first()
    return [
        Category.objects.first().get_absolute_url(),
        faq.get_absolute_url(),
        manual.get_absolute_url(),
        AupVersion.objects.filter(is_current=False).first().get_absolute_url(),
    ]


def _own_pages(user: User) -> list[str]:
    """The demo student has requests and no authenticator; the demo prospect has one."""
    if user.username == "prospect":
        return ["/accounts/2fa/totp/deactivate/"]
    ticket = user.tickets.order_by("id").first()
    return [
        f"/requests/{ticket.reference}/",
        f"/requests/{ticket.reference}/appointment/",
        "/accounts/2fa/totp/activate/",
    ]


def _fetch(client: Client, path: str, language: str, out: Path, label: str) -> Path:
    response = client.get(f"{path}{'&' if '?' in path else '?'}lang={language}")
    expected = 404 if path == "/does-not-exist/" else 200
    if response.status_code != expected:
        pytest.fail(f"{label} {language} {path}: {response.status_code} {response.get('Location')}")
    name = f"{label}-{language}-{path.strip('/').replace('/', '_').replace('?', '_') or 'home'}"
    target = out / f"{name}.html"
    target.write_bytes(response.content)
    return target


@pytest.mark.slow
@pytest.mark.django_db
@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="the pages' HTML does not depend on the database: checked once, on the PostgreSQL pass",
)
@pytest.mark.skipif(
    not os.environ.get("CI") and not (VNU_JAR.exists() and shutil.which("java")),
    reason="vnu-jar or Java is missing: run `npm ci` (scripts/test does); in CI this fails instead",
)
def test_every_requester_page_is_valid_html(tmp_path, settings):
    settings.DEBUG = False
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    student = User.objects.get(username="student")
    prospect = User.objects.get(username="prospect")
    files: list[Path] = []
    for language in ("nl", "en"):
        anonymous = Client()
        for path in ANONYMOUS_PAGES + _content_pages():
            files.append(_fetch(anonymous, path, language, tmp_path, "anonymous"))
        for user in (student, prospect):
            client = Client()
            client.force_login(user)
            pages = SIGNED_IN_PAGES + _own_pages(user)
            for path in pages:
                files.append(_fetch(client, path, language, tmp_path, user.username))
    result = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    errors = [
        f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m.get('message')}"
        f" [{m.get('extract', '').strip()[:80]}]"
        for m in messages
        if m.get("type") == "error"
    ]
    assert len(files) > 50
    assert not errors, "\n".join(errors)
