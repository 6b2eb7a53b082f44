"""The account journeys in Chromium, in Dutch and English, with axe on every page."""

import re

import pytest
from playwright.sync_api import Page, expect

from accounts.tests.factories import DEFAULT_PASSWORD, AlumnusFactory, ProspectFactory, StaffFactory
from accounts.tests.helpers import (
    INITIAL_PASSWORD,
    NEW_PASSWORD,
    import_student,
    last_code,
    last_login_code,
    mailed_to,
)
from accounts.totp import totp_code
from core.testing.browser import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LANGUAGES = ["nl", "en"]
TEXT = {
    "nl": {
        "number": "Stamnummer",
        "initial": "Initieel wachtwoord",
        "new": "Nieuw wachtwoord",
        "again": "Nieuw wachtwoord (nog eens)",
        "alternate": "Alternatief e-mailadres",
        "code": "Code",
        "email": "E-mailadres",
        "login": "Aanmelden",
        "activated": "Je account is actief",
    },
    "en": {
        "number": "Student number",
        "initial": "Initial password",
        "new": "New password",
        "again": "New password (again)",
        "alternate": "Alternate email address",
        "code": "Code",
        "email": "Email address",
        "login": "Log in",
        "activated": "Your account is active",
    },
}


@pytest.fixture(autouse=True)
def _clean_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def speak(page: Page, live_server, language: str) -> None:
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )


def type_into(page: Page, label: str, value: str) -> None:
    """Focus the field by its label and type, as a keyboard user would."""
    field = page.get_by_label(re.compile(rf"^{re.escape(label)}:?$"))
    field.focus()
    field.press("Control+a")
    page.keyboard.type(value)


@pytest.mark.parametrize("language", LANGUAGES)
def test_student_activates_by_keyboard_from_number_to_a_working_login(page, live_server, language):
    t = TEXT[language]
    student = import_student()
    speak(page, live_server, language)
    page.goto("/accounts/activate/")
    assert_accessible(page)

    # a wrong initial password is refused, the number stays
    type_into(page, t["number"], "0765432")
    type_into(page, t["initial"], "Not-The-Right-1")
    page.keyboard.press("Enter")
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page.get_by_label(re.compile(rf"^{t['number']}:?$"))).to_have_value("0765432")
    assert_accessible(page)

    type_into(page, t["initial"], INITIAL_PASSWORD)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/accounts/activate/password/$"))
    assert_accessible(page)

    # the checklist ticks while typing
    checklist = page.locator("[data-password-checklist]")
    expect(checklist.locator('li[data-check="digit"]')).not_to_have_class(re.compile("is-met"))
    type_into(page, t["new"], NEW_PASSWORD)
    expect(checklist.locator('li[data-check="digit"]')).to_have_class(re.compile("is-met"))
    expect(checklist.locator('li[data-check="min:12"]')).to_have_class(re.compile("is-met"))
    type_into(page, t["again"], NEW_PASSWORD)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/accounts/activate/email/$"))
    assert_accessible(page)

    type_into(page, t["alternate"], "nora.private@example.net")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/accounts/activate/code/$"))
    assert_accessible(page)
    type_into(page, t["code"], last_code("nora.private@example.net"))
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    expect(page.get_by_text(t["activated"])).to_be_visible()
    assert_accessible(page)
    page.locator("#id_login").fill(student.email)
    page.locator("#id_password").fill(NEW_PASSWORD)
    page.locator("#id_password").press("Enter")
    expect(page).to_have_url(f"{live_server.url}/")
    page.goto("/accounts/profile/")
    assert_accessible(page)
    expect(page.get_by_text("nora.private@example.net")).to_be_visible()


@pytest.mark.parametrize("language", LANGUAGES)
def test_prospect_logs_in_by_code_enrols_totp_and_consents(page, live_server, language):
    prospect = ProspectFactory(username="newcomer", totp=False, consent=False)
    prospect.set_unusable_password()  # as a welcome account: codes only
    prospect.save(update_fields=["password"])
    speak(page, live_server, language)
    page.goto("/accounts/login/")
    assert_accessible(page)
    page.goto("/accounts/login/code/")
    assert_accessible(page)
    page.locator("#id_email").fill(prospect.email)
    page.locator("#id_email").press("Enter")
    expect(page).to_have_url(re.compile(r"/accounts/login/code/confirm/"))
    assert_accessible(page)
    code = last_login_code(prospect.email)
    page.locator("#id_code").fill(code)
    page.locator("#id_code").press("Enter")

    # before anything else: a second factor; this prospect picks the app
    expect(page).to_have_url(re.compile(r"/accounts/mfa/setup/"))
    assert_accessible(page)
    page.locator('a[href^="/accounts/2fa/totp/activate/"]').focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/accounts/2fa/totp/activate/"))
    assert_accessible(page)
    secret = page.locator("#authenticator_secret").input_value()
    page.locator("#id_code").fill(totp_code(secret))
    page.locator("#id_code").press("Enter")
    expect(page).not_to_have_url(re.compile(r"/totp/activate/"))
    assert_accessible(page)  # allauth shows the recovery codes next

    page.goto("/")
    expect(page).to_have_url(re.compile(r"/accounts/consent/"))
    assert_accessible(page)
    page.locator("#id_agree").focus()
    page.keyboard.press("Space")
    expect(page.locator("#id_agree")).to_be_checked()
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{live_server.url}/")
    assert prospect.consents.count() == 1


@pytest.mark.parametrize("language", LANGUAGES)
def test_alumnus_is_refused_with_a_mismatching_email_and_activates_with_the_right_one(
    page, live_server, language
):
    t = TEXT[language]
    alumna = AlumnusFactory(username="alumna", email="lies@example.net", alumni_number="Q7654321")
    speak(page, live_server, language)
    page.goto("/accounts/alumni/activate/")
    assert_accessible(page)
    page.locator("#id_alumni_number").fill("Q7654321")
    page.locator("#id_email").fill("wrong@example.net")
    page.locator("#id_email").press("Enter")
    expect(page.locator("#alumni-mismatch")).to_contain_text("alumni@example.org")
    assert_accessible(page)
    assert mailed_to() == []

    page.locator("#id_email").fill("lies@example.net")
    page.locator("#id_email").press("Enter")
    expect(page).to_have_url(re.compile(r"/accounts/activate/code/$"))
    page.locator("#id_code").fill(last_code("lies@example.net"))
    page.locator("#id_code").press("Enter")
    expect(page).to_have_url(re.compile(r"/accounts/activate/password/$"))
    assert_accessible(page)
    type_into(page, t["new"], "Alumni-Again-2026")
    type_into(page, t["again"], "Alumni-Again-2026")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    alumna.refresh_from_db()
    assert alumna.check_password("Alumni-Again-2026")


@pytest.mark.parametrize("language", LANGUAGES)
def test_staff_cannot_open_the_admin_without_an_authenticator(page, live_server, language):
    staff = StaffFactory(username="newagent", totp=False)
    speak(page, live_server, language)
    page.goto("/admin/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/admin/"))
    page.locator("#id_login").fill(staff.email)
    page.locator("#id_password").fill(DEFAULT_PASSWORD)
    page.locator("#id_password").press("Enter")
    # The login just completed counts: no second password before the set-up page.
    setup = re.compile(r"/accounts/2fa/totp/activate/")
    expect(page).to_have_url(setup)
    page.goto("/admin/accounts/user/")
    expect(page).to_have_url(setup)
    page.goto("/admin/")
    expect(page).to_have_url(setup)
    assert_accessible(page)
    secret = page.locator("#authenticator_secret").input_value()
    page.locator("#id_code").fill(totp_code(secret))
    page.locator("#id_code").press("Enter")
    expect(page).not_to_have_url(re.compile(r"/totp/activate/"))
    page.goto("/admin/")
    expect(page).to_have_url(f"{live_server.url}/admin/")


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    "path",
    [
        "/accounts/password/reset/",
        "/accounts/password/reset/done/",
        "/accounts/password/change/",
        "/accounts/profile/",
        "/accounts/2fa/",
    ],
)
def test_account_pages_have_no_accessibility_violations(page, live_server, language, path):
    from accounts.tests.factories import StudentFactory

    user = StudentFactory(username="axe")
    speak(page, live_server, language)
    if path.startswith("/accounts/password/reset"):
        page.goto(path)
    else:
        page.goto("/accounts/login/")
        page.locator("#id_login").fill(user.email)
        page.locator("#id_password").fill(DEFAULT_PASSWORD)
        page.locator("#id_password").press("Enter")
        expect(page).to_have_url(f"{live_server.url}/")
        page.goto(path)
    expect(page.locator("html")).to_have_attribute("lang", language)
    assert_accessible(page)


@pytest.mark.parametrize("language", LANGUAGES)
def test_prospect_chooses_phone_codes_and_logs_in_with_one(page, live_server, language):
    from accounts.sms import MemorySmsSender

    MemorySmsSender.outbox.clear()
    prospect = ProspectFactory(username="texter", totp=False)
    prospect.set_unusable_password()
    prospect.save(update_fields=["password"])

    def log_in_by_email_code():
        page.goto("/accounts/login/code/")
        page.locator("#id_email").fill(prospect.email)
        page.locator("#id_email").press("Enter")
        expect(page).to_have_url(re.compile(r"/accounts/login/code/confirm/"))
        page.locator("#id_code").fill(last_login_code(prospect.email))
        page.locator("#id_code").press("Enter")

    def last_sms_code():
        return re.search(r"(\d{6})", MemorySmsSender.outbox[-1][1]).group(1)

    speak(page, live_server, language)
    log_in_by_email_code()
    expect(page).to_have_url(re.compile(r"/accounts/mfa/setup/"))
    page.locator('main a[href^="/accounts/mfa/phone/"]').focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/accounts/mfa/phone/"))
    assert_accessible(page)
    page.locator("#id_phone_number").fill("+32 470 12 34 56")
    page.locator("#id_phone_number").press("Enter")
    expect(page).to_have_url(re.compile(r"/accounts/mfa/phone/confirm/"))
    assert_accessible(page)
    page.locator("#id_code").fill(last_sms_code())
    page.locator("#id_code").press("Enter")
    expect(page).to_have_url(f"{live_server.url}/")

    page.context.clear_cookies()
    speak(page, live_server, language)
    log_in_by_email_code()
    expect(page).to_have_url(re.compile(r"/accounts/mfa/phone/authenticate/$"))
    assert_accessible(page)
    page.locator("#id_code").fill(last_sms_code())
    page.locator("#id_code").press("Enter")
    expect(page).to_have_url(f"{live_server.url}/")
