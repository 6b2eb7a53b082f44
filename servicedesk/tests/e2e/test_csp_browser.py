"""In Chromium: under the enforced Content-Security-Policy, pages keep working.

Every test listens for what the browser refuses (the ``securitypolicyviolation``
event in every frame, and Chromium's console messages about the policy), uses
the page's own JavaScript as a person would, and ends with no violation. The
first test shows the listener hears a refusal when there is one.
"""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from accounts.tests.factories import DEFAULT_PASSWORD, StaffFactory
from accounts.tests.helpers import INITIAL_PASSWORD, NEW_PASSWORD, import_student
from accounts.totp import totp_code
from knowledgebase.demo import seed_demo_knowledgebase
from knowledgebase.selectors import aup_current_version
from knowledgebase.services import aup_accept
from knowledgebase.tests.factories import ArticleFactory
from notifications.models import OutboxMail
from tickets.models import DeskSettings
from tickets.tests.e2e.helpers import sign_in, use_language
from tickets.tests.factories import CategoryFactory, file_ticket

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LISTENER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  const blocked = event.blockedURI || "inline";
  const where = event.documentURI;
  window.__cspViolations.push(`${event.effectiveDirective} blocked ${blocked} in ${where}`);
});
"""


class Violations:
    """What the policy refused on a page, heard in two independent ways."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.console: list[str] = []
        page.add_init_script(LISTENER)
        page.on("console", self._on_console)

    def _on_console(self, message) -> None:
        if "Content Security Policy" in message.text:
            self.console.append(message.text)

    def seen(self) -> list[str]:
        events: list[str] = []
        for frame in self.page.frames:
            events += frame.evaluate("window.__cspViolations || []")
        return events + self.console

    def assert_none(self, *, except_blocked: str | None = None) -> None:
        """No refusal, or only of the one outside address ``except_blocked``."""
        self.page.wait_for_load_state("networkidle")
        seen = [text for text in self.seen() if not except_blocked or except_blocked not in text]
        assert seen == [], seen


@pytest.fixture
def violations(page) -> Violations:
    return Violations(page)


def assert_accessible_within(page: Page, selector: str) -> None:
    """axe on the markup these tests changed (the admin around it is Django's)."""
    results = Axe().run(page, context=selector)
    assert results.violations_count == 0, results.generate_report()


def test_the_policy_is_enforced_and_a_refusal_is_heard(page, violations):
    page.goto("/")
    ran = page.evaluate(
        """() => {
          const script = document.createElement("script");
          script.textContent = "window.__inlineRan = true;";
          document.body.append(script);
          return window.__inlineRan === true;
        }"""
    )
    assert ran is False
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    page.wait_for_function("window.__cspViolations.length > 0")
    assert any("script-src" in seen for seen in violations.seen())


def test_request_form_suggests_answers_and_reveals_the_emergency_number(
    page, live_server, student, violations
):
    DeskSettings.objects.update_or_create(id=1, defaults={"emergency_phone": "+32 9 264 00 00"})
    CategoryFactory()
    seed_demo_knowledgebase()
    aup_accept(user=student, version=aup_current_version())
    use_language(page, live_server, "en")
    sign_in(page, live_server, student)
    page.goto("/requests/new/")
    # static/js/kb-suggest.js ran and fetched suggestions (connect-src 'self').
    page.locator("#id_subject").press_sequentially("forgot password", delay=30)
    suggestions = page.locator("#kb-suggestions")
    expect(suggestions.get_by_role("link", name="I forgot my password")).to_be_visible()
    expect(page.locator("#emergency-notice")).to_be_hidden()
    page.get_by_label("Many people", exact=True).check()
    page.get_by_label("It blocks many people now").check()
    # static/tickets/emergency.js ran: the number shows before submitting.
    expect(page.locator("#emergency-notice")).to_contain_text("+32 9 264 00 00")
    violations.assert_none()


def test_guest_form_kb_and_login_pages_load_cleanly(page, live_server, violations):
    ArticleFactory()
    for path in ["/", "/requests/new/", "/kb/", "/aup/", "/accounts/login/"]:
        page.goto(path)
        expect(page.locator("h1").first).to_be_visible()
        violations.assert_none()


def test_password_checklist_ticks_while_typing(page, live_server, violations):
    import_student()
    use_language(page, live_server, "en")
    page.goto("/accounts/activate/")
    page.get_by_label("Student number").fill("0765432")
    page.get_by_label("Initial password").fill(INITIAL_PASSWORD)
    page.get_by_label("Initial password").press("Enter")
    expect(page).to_have_url(re.compile(r"/accounts/activate/password/$"))
    digit = page.locator('[data-password-checklist] li[data-check="digit"]')
    expect(digit).to_be_attached()
    assert digit.evaluate("item => item.classList.contains('is-met')") is False
    page.get_by_label(re.compile("^New password:?$")).press_sequentially(NEW_PASSWORD)
    # static/js/password-checklist.js ran.
    expect(digit).to_have_class(re.compile("is-met"))
    violations.assert_none()


def test_admin_changelist_actions_and_change_page(
    page, live_server, admin_user, student, violations
):
    ticket = file_ticket(student, category=CategoryFactory())
    use_language(page, live_server, "en")
    sign_in(page, live_server, admin_user)
    page.goto("/admin/tickets/ticket/")
    # The admin's actions.js ran: the header checkbox selects every row.
    page.locator("#action-toggle").check()
    expect(page.locator("input.action-select").first).to_be_checked()
    expect(page.locator(".action-counter")).to_contain_text("1 of 1 selected")
    violations.assert_none()
    page.goto(f"/admin/tickets/ticket/{ticket.pk}/change/")
    expect(page.locator("h1")).to_be_visible()
    violations.assert_none()


def test_staff_admin_pages_load_cleanly(page, live_server, admin_user, student, violations):
    """The admin's own pages and ours inside it: forms, widgets, calendars."""
    ticket = file_ticket(student, category=CategoryFactory())
    sign_in(page, live_server, admin_user)
    for path in [
        "/admin/",
        f"/admin/tickets/ticket/{ticket.pk}/escalate/",
        f"/admin/tickets/ticket/{ticket.pk}/forward/",
        f"/admin/appointments/appointment/offer/{ticket.pk}/",
        "/admin/appointments/appointment/calendar/",
        "/admin/appointments/appointment/",
        "/admin/accounts/user/",
        "/admin/accounts/user/add/",
        "/admin/knowledgebase/article/add/",
        "/admin/tickets/standardanswer/add/",
    ]:
        response = page.goto(path)
        assert response.status == 200, path
        violations.assert_none()


@pytest.mark.parametrize("language", ["nl", "en"])
def test_outbox_mail_preview_keeps_the_mails_own_styles(
    page, live_server, admin_user, student, violations, language
):
    ticket = file_ticket(student, category=CategoryFactory())
    mail = OutboxMail.objects.exclude(body_html="").first()
    use_language(page, live_server, language)
    sign_in(page, live_server, admin_user)
    page.goto(f"/admin/notifications/outboxmail/{mail.pk}/change/")
    body = page.frame_locator("iframe.mail-html-body").locator("body")
    expect(body).to_contain_text(ticket.reference)
    # The mail's inline styles apply inside its frame (its own narrow policy).
    background = body.evaluate("element => getComputedStyle(element).backgroundColor")
    assert background == "rgb(243, 245, 247)"
    expect(page.locator("pre.mail-text-body")).to_have_css("white-space", "pre-wrap")
    violations.assert_none()
    assert_accessible_within(page, ".field-text_preview, .field-html_preview")


@pytest.mark.parametrize("language", ["nl", "en"])
def test_knowledgebase_preview_lays_out_both_languages(
    page, live_server, admin_user, violations, language
):
    article = ArticleFactory()
    use_language(page, live_server, language)
    sign_in(page, live_server, admin_user)
    page.goto(f"/admin/knowledgebase/article/{article.pk}/change/")
    expect(page.locator(".kb-preview")).to_have_css("display", "grid")
    violations.assert_none()
    assert_accessible_within(page, ".kb-preview")


def test_swagger_ui_renders_operations(page, violations):
    page.goto("/api/v1/docs/")
    operation = page.locator("#operations-requests-requests_list")
    expect(operation).to_be_visible(timeout=20_000)
    operation.locator(".opblock-summary-control").click()
    expect(operation.get_by_role("button", name="Try it out")).to_be_visible()
    # static/css/api-docs.css applies (Swagger UI's darker GET colour).
    expect(operation.locator(".opblock-summary-method")).to_have_css(
        "background-color", "rgb(29, 90, 166)"
    )
    violations.assert_none()


@pytest.mark.parametrize(
    ("path", "marker"),
    [("/api/v1/redoc/", "IT Service Desk API"), ("/_allauth/openapi.html", "allauth")],
)
def test_redoc_renders_with_its_styles(page, violations, path, marker):
    page.goto(path)
    expect(page.get_by_text(marker).first).to_be_visible(timeout=20_000)
    # Redoc's run-time styles were admitted by the response's nonce, which
    # no attribute gives away.
    assert page.locator("style[data-styled]").count() > 0
    assert page.locator("[nonce]:not([nonce=''])").count() == 0
    expect(page.locator(".menu-content").first).to_have_css("position", "sticky")
    # Search runs in its blob: worker (admitted on these pages only).
    page.get_by_placeholder("Search...").fill("requests")
    expect(page.locator("[data-role='search:results']").first).to_be_visible()
    # Redoc's badge links an image on its CDN; keeping such requests in the
    # browser is the policy's job (test_docs_browser.py checks none leaves).
    violations.assert_none(except_blocked="https://cdn.redoc.ly/")


def test_staff_sees_the_qr_code_on_the_authenticator_setup(page, live_server, violations):
    staff = StaffFactory(username="newagent", totp=False)
    use_language(page, live_server, "en")
    page.goto("/accounts/login/")
    page.locator("#id_login").fill(staff.email)
    page.locator("#id_password").fill(DEFAULT_PASSWORD)
    page.locator("#id_password").press("Enter")
    page.goto("/accounts/2fa/totp/activate/")
    if "/reauthenticate/" in page.url:  # allauth asks for the password again first
        page.locator("#id_password").fill(DEFAULT_PASSWORD)
        page.locator("#id_password").press("Enter")
    expect(page).to_have_url(re.compile(r"/accounts/2fa/totp/activate/"))
    qr = page.locator('img[src^="data:image/svg+xml"]')
    expect(qr).to_be_visible()
    assert qr.evaluate("image => image.complete && image.naturalWidth > 0")
    violations.assert_none()
    secret = page.locator("#authenticator_secret").input_value()
    page.locator("#id_code").fill(totp_code(secret))
    page.locator("#id_code").press("Enter")
    expect(page).not_to_have_url(re.compile(r"/totp/activate/"))
    violations.assert_none()


def test_password_checklist_ticks_on_the_password_change_page(page, live_server, violations):
    """allauth's own page: the checklist sits in the field's help text, tied by aria-describedby."""
    from accounts.tests.factories import DEFAULT_PASSWORD, StudentFactory

    user = StudentFactory(username="changer")
    use_language(page, live_server, "en")
    page.goto("/accounts/login/")
    page.locator("#id_login").fill(user.email)
    page.locator("#id_password").fill(DEFAULT_PASSWORD)
    page.locator("#id_password").press("Enter")
    expect(page).to_have_url(f"{live_server.url}/")
    page.goto("/accounts/password/change/")
    new_password = page.locator("#id_password1")
    expect(new_password).to_have_attribute("aria-describedby", "id_password1_helptext")
    digit = page.locator('#id_password1_helptext li[data-check="digit"]')
    expect(digit).not_to_have_class(re.compile("is-met"))
    new_password.press_sequentially("Abcdefghijk9")
    expect(digit).to_have_class(re.compile("is-met"))
    violations.assert_none()
