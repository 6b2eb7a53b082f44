"""Staff enrol their authenticator in a real browser, and identities switch both ways."""

import re

import pytest
from playwright.sync_api import Page, expect

from accounts.tests.factories import (
    DEFAULT_PASSWORD,
    TEST_TOTP_SECRET,
    AlumnusFactory,
    StaffFactory,
)
from accounts.totp import totp_code
from core.testing.browser import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LANGUAGES = ["nl", "en"]
SWITCHED = {
    "nl": "Je bent nu aangemeld als {new}. Je sessie als {old} is beëindigd.",
    "en": "You are now logged in as {new}. Your session as {old} has ended.",
}
#: The headers Chromium sends when it fetches the site icon by itself.
FAVICON_HEADERS = {
    "Accept": "image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8",
    "Sec-Fetch-Dest": "image",
    "Sec-Fetch-Mode": "no-cors",
    "Sec-Fetch-Site": "same-origin",
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


def log_in_by_keyboard(page: Page, email: str, password: str = DEFAULT_PASSWORD) -> None:
    """On the login page: the address, Tab, the password, Enter."""
    page.locator("#id_login").focus()
    page.keyboard.type(email)
    page.keyboard.press("Tab")
    page.keyboard.type(password)
    page.keyboard.press("Enter")


def type_authenticator_code(page: Page, code: str) -> None:
    page.locator("#id_code").focus()
    page.keyboard.type(code)
    page.keyboard.press("Enter")


@pytest.mark.parametrize("language", LANGUAGES)
def test_new_staff_member_enrols_the_authenticator_shown_and_reaches_the_admin(
    page, live_server, language
):
    staff = StaffFactory(username="newagent", totp=False)
    speak(page, live_server, language)
    page.goto("/admin/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/admin/"))
    log_in_by_keyboard(page, staff.email)
    # straight to the set-up page: the login just completed counts, no password again
    expect(page).to_have_url(re.compile(r"/accounts/2fa/totp/activate/\?next="))
    assert_accessible(page)
    secret = page.locator("#authenticator_secret").input_value()

    # What the browser does on its own while the person scans the QR code:
    # fetch the icon (as Chromium does, with the session cookie) and load
    # images, one of them from a page behind the MFA check.
    icon = page.request.get("/favicon.ico", headers=FAVICON_HEADERS)
    assert icon.status == 200 and icon.headers["content-type"] == "image/x-icon"
    loaded = page.evaluate(
        """async () => {
            const load = (src) => new Promise((done) => {
                const img = new Image();
                img.onload = () => done("loaded");
                img.onerror = () => done("refused");
                img.src = src;
            });
            return [await load("/favicon.ico?again"), await load("/admin/")];
        }"""
    )
    assert loaded == ["loaded", "refused"]
    expect(page.locator("link[rel=icon][href='/favicon.ico']")).to_have_count(1)

    type_authenticator_code(page, totp_code(secret))
    expect(page).not_to_have_url(re.compile(r"/totp/activate/"))
    page.goto("/admin/")
    expect(page).to_have_url(f"{live_server.url}/admin/")
    assert_accessible(page)


@pytest.mark.parametrize("language", LANGUAGES)
def test_alumnus_logs_in_as_staff_and_works_as_staff(page, live_server, language):
    staff = StaffFactory(username="both-staff", email="both.staff@example.org")
    alumna = AlumnusFactory(username="both-alumna", email="both.alumna@example.net")
    speak(page, live_server, language)
    page.goto("/accounts/login/")
    log_in_by_keyboard(page, alumna.email)
    expect(page).to_have_url(f"{live_server.url}/")

    page.goto("/accounts/login/")
    expect(page.locator("#other-identity")).to_contain_text(alumna.email)
    assert_accessible(page)
    log_in_by_keyboard(page, staff.email)
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/$"))
    assert_accessible(page)
    type_authenticator_code(page, totp_code(TEST_TOTP_SECRET))
    expect(page).to_have_url(f"{live_server.url}/admin/")
    expect(page.locator(".messagelist")).to_contain_text(
        SWITCHED[language].format(new=staff.email, old=alumna.email)
    )
    assert_accessible(page)
    page.goto("/")
    expect(page.locator(".account-menu__name")).to_contain_text(staff.first_name)


@pytest.mark.parametrize("language", LANGUAGES)
def test_staff_logs_in_as_alumnus_and_leaves_the_admin(page, live_server, language):
    staff = StaffFactory(username="both-staff2", email="both.staff2@example.org")
    alumna = AlumnusFactory(username="both-alumna2", email="both.alumna2@example.net")
    speak(page, live_server, language)
    page.goto("/accounts/login/")
    log_in_by_keyboard(page, staff.email)
    type_authenticator_code(page, totp_code(TEST_TOTP_SECRET))
    expect(page).to_have_url(f"{live_server.url}/admin/")

    page.goto("/accounts/login/")
    expect(page.locator("#other-identity")).to_contain_text(staff.email)
    log_in_by_keyboard(page, alumna.email)
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.locator(".messages")).to_contain_text(
        SWITCHED[language].format(new=alumna.email, old=staff.email)
    )
    expect(page.locator(".account-menu__name")).to_contain_text(alumna.first_name)
    assert_accessible(page)
    page.goto("/admin/")
    expect(page).not_to_have_url(f"{live_server.url}/admin/")


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_form_sent_before_the_authenticator_is_set_up_is_refused_with_a_way_on(
    page, live_server, language
):
    staff = StaffFactory(username="formagent", totp=False)
    speak(page, live_server, language)
    page.goto("/accounts/login/")
    log_in_by_keyboard(page, staff.email)
    expect(page).to_have_url(re.compile(r"/accounts/2fa/totp/activate/"))
    secret = page.locator("#authenticator_secret").input_value()
    # A form posted to the admin (say, from a tab opened earlier): refused, not redirected.
    with page.expect_navigation():
        page.evaluate(
            """() => {
                const form = document.createElement("form");
                form.method = "post";
                form.action = "/admin/";
                document.body.append(form);
                form.submit();
            }"""
        )
    expect(page).to_have_url(f"{live_server.url}/admin/")
    assert_accessible(page)
    page.locator('main a[href="/accounts/2fa/totp/activate/"]').focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/accounts/2fa/totp/activate/$"))
    assert page.locator("#authenticator_secret").input_value() == secret
