"""Every page answers with an enforced Content-Security-Policy that allows no inline code.

The policy itself is in settings (CONTENT_SECURITY_POLICY, django-csp); the
browser test (e2e/test_csp_browser.py) shows the pages still work under it.
Here: the header is on every kind of page, and no template of ours carries
inline script or style that the policy would block.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings

from accounts.tests.factories import DEFAULT_PASSWORD, StaffFactory
from core.testing.templates import project_templates
from tickets.tests.factories import CategoryFactory, file_ticket

HEADER = "Content-Security-Policy"


def directives(response) -> dict[str, list[str]]:
    """The response's enforced policy as {directive: [sources]}."""
    assert HEADER in response, f"no {HEADER} on {response.request['PATH_INFO']}"
    policy: dict[str, list[str]] = {}
    for part in response[HEADER].split(";"):
        name, *sources = part.split()
        policy[name] = sources
    return policy


def assert_strict(response) -> None:
    policy = directives(response)
    assert "unsafe-inline" not in response[HEADER]
    assert "unsafe-eval" not in response[HEADER]
    assert f"{HEADER}-Report-Only" not in response
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"][0] == "'self'"
    assert policy["style-src"][0] == "'self'"
    # Only a nonce (or, for styles, a hash of one exact text) may follow 'self'.
    assert all(source.startswith("'nonce-") for source in policy["script-src"][1:])
    assert all(source.startswith(("'nonce-", "'sha256-")) for source in policy["style-src"][1:])
    assert policy["img-src"] == ["'self'", "data:"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["connect-src"] == ["'self'"]


ANONYMOUS_PAGES = [
    "/",
    "/requests/new/",  # the guest form
    "/kb/",
    "/aup/",
    "/accounts/login/",
    "/accounts/password/reset/",
    "/api/v1/docs/",
    "/api/v1/docs/?script=",  # Swagger UI's init script, served as a file
    "/api/v1/redoc/",
    "/_allauth/openapi.html",
    "/requests/guest/SD-2026-999999/",  # a 404 page
    "/api/v1/requests/",  # JSON 401
]


@pytest.mark.django_db
@pytest.mark.parametrize("path", ANONYMOUS_PAGES)
def test_anonymous_pages_carry_the_strict_policy(client, path):
    assert_strict(client.get(path))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/", "/requests/new/", "/requests/", "/accounts/password/change/"]
)
def test_student_pages_carry_the_strict_policy(client, student, path):
    client.force_login(student)
    response = client.get(path)
    assert response.status_code == 200
    assert_strict(response)


@pytest.mark.django_db
def test_admin_changelist_and_change_page_carry_the_strict_policy(client, admin_user, student):
    ticket = file_ticket(student, category=CategoryFactory())
    client.force_login(admin_user)
    for path in ["/admin/", "/admin/tickets/ticket/", f"/admin/tickets/ticket/{ticket.pk}/change/"]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert_strict(response)


@pytest.mark.django_db
def test_mfa_setup_page_carries_the_strict_policy_and_its_qr_code_is_a_data_uri(client):
    staff = StaffFactory(username="newagent", totp=False)
    client.post("/accounts/login/", {"login": staff.email, "password": DEFAULT_PASSWORD})
    response = client.get("/accounts/2fa/totp/activate/")
    if response.status_code == 302 and "/reauthenticate/" in response.url:
        client.post(response.url, {"password": DEFAULT_PASSWORD})
        response = client.get("/accounts/2fa/totp/activate/")
    assert response.status_code == 200
    assert_strict(response)
    # img-src data: is there for this QR code.
    assert 'src="data:image/svg+xml;base64,' in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/v1/redoc/", "/_allauth/openapi.html"])
def test_redoc_pages_hand_their_runtime_styles_this_responses_nonce(client, path):
    response = client.get(path)
    nonce = re.search(r"'nonce-([^']+)'", response[HEADER]).group(1)
    assert f"'nonce-{nonce}'" in directives(response)["style-src"]
    assert f'nonce="{nonce}"' in response.content.decode()
    # A nonce is per response: the next one differs.
    assert nonce not in client.get(path)[HEADER]


@pytest.mark.django_db
def test_pages_without_inline_code_carry_no_nonce(client):
    assert "nonce" not in client.get("/")[HEADER]
    assert "nonce" not in client.get("/api/v1/docs/")[HEADER]


# --- The templates themselves ---------------------------------------------

# Mails are not pages: mail clients ignore CSP and need inline styles.
# Mail bodies need inline styles (mail clients ignore stylesheets); they are
# never served as pages. The alerts app's mail parts live beside its mails.
MAIL_TEMPLATES = re.compile(r"/templates/notifications/|/alerts/templates/alerts/partials/")
INLINE_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"<[^>]*\sstyle\s*=", re.IGNORECASE)
STYLE_BLOCK = re.compile(r"<style[\s>]", re.IGNORECASE)
SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
JAVASCRIPT_URL = re.compile(r"""(href|src|action)\s*=\s*["']?\s*javascript:""", re.IGNORECASE)


def page_templates() -> list[Path]:
    """Every HTML template of ours but the mails'."""
    return [path for path in project_templates() if not MAIL_TEMPLATES.search(path.as_posix())]


def inline_code_in(text: str) -> list[str]:
    """What a template holds that a policy without 'unsafe-inline' would block."""
    found = [m.group(0) for m in INLINE_HANDLER.finditer(text)]
    found += [m.group(0) for m in STYLE_ATTRIBUTE.finditer(text)]
    found += [m.group(0) for m in STYLE_BLOCK.finditer(text)]
    found += [m.group(0) for m in JAVASCRIPT_URL.finditer(text)]
    for match in SCRIPT_TAG.finditer(text):
        attributes = match.group(1)
        external = re.search(r"\ssrc\s*=", attributes)
        data_only = re.search(r"""type\s*=\s*["']application/(ld\+)?json["']""", attributes)
        nonced = "csp_nonce" in attributes
        if not (external or data_only or nonced):
            found.append(match.group(0))
    return found


def test_the_template_check_finds_each_kind_of_inline_code():
    assert inline_code_in('<button onclick="go()">') == ["<button onclick="]
    assert inline_code_in('<p class="x" style="color:red">') == ['<p class="x" style=']
    assert inline_code_in("<style>p{}</style>") == ["<style>"]
    assert inline_code_in("<script>go()</script>") == ["<script>"]
    assert inline_code_in('<a href="javascript:go()">') == ['href="javascript:']
    assert inline_code_in('<script src="/static/x.js" defer></script>') == []
    assert inline_code_in('<script type="application/json" id="d">{}</script>') == []
    assert inline_code_in('<script nonce="{{ request.csp_nonce }}">go()</script>') == []


def test_no_template_of_ours_holds_inline_script_or_style():
    templates = page_templates()
    assert len(templates) > 40  # the glob found the apps' templates too
    offenders = {
        str(path.relative_to(settings.BASE_DIR)): found
        for path in templates
        if (found := inline_code_in(path.read_text()))
    }
    assert offenders == {}


def test_no_html_built_in_python_holds_inline_script_or_style():
    """format_html() in admins and template tags builds markup too."""
    base = Path(settings.BASE_DIR)
    sources = [
        path
        for path in base.glob("*/**/*.py")
        if not {".venv", "tests", "migrations", "testing", "data"} & set(path.parts)
    ]
    offenders = {
        str(path.relative_to(base)): found
        for path in sources
        if (found := inline_code_in(path.read_text()))
    }
    assert offenders == {}
