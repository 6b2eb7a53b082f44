"""In Chromium: every requester page at 1280 and 390 px, in Dutch and English.

One tour visits each page in each of the four combinations and asserts that
nothing scrolls sideways (the document is no wider than the window) and that
axe-core finds nothing with the WCAG 2.2 AA tags plus best practices. It also
saves a full-page screenshot of each into ``$DATA_DIR/screenshots`` for a
person to judge (not committed). Two shorter tests walk the account menu and
the appointment picker by keyboard alone.

Everything shares pytest-django's one live server and the session's one
browser; the pages are visited in one test so that the data is made once.
"""

import re
import time as time_module
from datetime import time

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from playwright.sync_api import expect

from accounts.tests.factories import DEFAULT_PASSWORD, TEST_TOTP_SECRET, StudentFactory
from accounts.totp import totp_code, user_install_totp
from appointments.models import Appointment, AppointmentStatus
from appointments.services import appointment_offer
from appointments.tests.factories import category_for, open_schedule
from knowledgebase.services import aup_accept, aup_version_publish
from knowledgebase.tests.factories import ArticleFactory, AupVersionFactory
from servicestatus.models import Service
from servicestatus.services import incident_open
from tickets.tests.factories import file_ticket

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (1280, 390)
LANGUAGES = ("nl", "en")
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
SCREENSHOTS = settings.DATA_DIR / "screenshots"


def check(page, name: str, width: int, language: str) -> None:
    """No sideways scrolling, no axe finding; keep a full-page screenshot."""
    expect(page.locator("html")).to_have_attribute("lang", language)
    sizes = page.evaluate(
        "({scroll: document.documentElement.scrollWidth, inner: window.innerWidth})"
    )
    assert sizes["scroll"] <= sizes["inner"], f"{name} at {width}px scrolls sideways: {sizes}"
    # axe-core is put into every page by the context's init script (see ``tour``).
    violations = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})"
        ".then(r => r.violations.map(v => [v.id, v.help, v.nodes.map(n => n.target.join(' '))]))",
        AXE_TAGS,
    )
    assert not violations, f"{name} ({language}, {width}px): {violations}"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}-{width}-{language}.png"), full_page=True)


def tour(page, live_server, pages: list[tuple[str, str]]) -> None:
    if not getattr(page.context, "_axe_installed", False):
        page.context.add_init_script(script=Axe().axe_script)
        page.context._axe_installed = True
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for language in LANGUAGES:
            page.context.add_cookies(
                [{"name": "django_language", "value": language, "url": live_server.url}]
            )
            for name, path in pages:
                started = time_module.monotonic()
                page.goto(path)
                check(page, name, width, language)
                print(f"{name} {width} {language}: {time_module.monotonic() - started:.2f}s")


def log_in(page, user) -> None:
    """Through the login form, as a person does (allauth then counts it as recent)."""
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill(user.email)
    page.locator("input[name=password]").fill(DEFAULT_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


@pytest.fixture
def front_door(agent_first_line):
    """A student with a request the desk invited to an appointment, articles, the AUP."""
    article = ArticleFactory(
        slug="wifi-eduroam",
        title_nl="Verbinden met eduroam",
        title_en="Connecting to eduroam",
        body_nl="Kies **eduroam** en log in met je universiteitsadres.",
        body_en="Choose **eduroam** and log in with your university address.",
    )
    for n in range(5):
        ArticleFactory(title_nl=f"Wachtwoord vergeten, stap {n}", title_en=f"Forgot password {n}")
    version = AupVersionFactory()
    aup_version_publish(version=version, acting_user=agent_first_line)
    student = StudentFactory(username="student", first_name="Sam")
    aup_accept(user=student, version=version)
    schedule = open_schedule(
        agents=[agent_first_line],
        weekdays=range(7),
        opens=time(9),
        closes=time(16),
        change_cutoff_hours=0,
        min_notice_minutes=60,
    )
    schedule.desk.agents.add(agent_first_line)
    category = category_for(schedule)
    # An eduroam outage: its banner shows on the home page and the form.
    eduroam = Service.objects.create(
        slug="eduroam", name_nl="Eduroam", name_en="Eduroam", desk=schedule.desk
    )
    eduroam.categories.add(category)
    incident_open(
        title_nl="Eduroam werkt niet in gebouw A",
        title_en="Eduroam is down in building A",
        services=[eduroam],
        first_update_nl="We zoeken de oorzaak.",
        first_update_en="We are looking for the cause.",
        acting_user=agent_first_line,
    )
    ticket = file_ticket(student, category=category)
    for n in range(3):
        file_ticket(student, category=category, subject=f"Printer on floor {n} does not print")
    appointment_offer(ticket=ticket, channel="desk", acting_user=agent_first_line)
    mfa_student = StudentFactory(username="mfa-student", first_name="Mia")
    aup_accept(user=mfa_student, version=version)
    user_install_totp(user=mfa_student, secret=TEST_TOTP_SECRET)
    return {"article": article, "ticket": ticket, "student": student, "mfa_student": mfa_student}


def test_every_requester_page_fits_a_phone_and_passes_axe(page, live_server, front_door):
    article, ticket = front_door["article"], front_door["ticket"]
    tour(
        page,
        live_server,
        [
            ("home", "/"),
            ("kb-index", "/kb/"),
            ("kb-search", "/kb/search/?q=eduroam"),
            ("kb-article", article.get_absolute_url()),
            ("new-request-guest", "/requests/new/"),
            ("login", "/accounts/login/"),
            ("login-code", "/accounts/login/code/"),
            ("activate", "/accounts/activate/"),
            ("password-reset", "/accounts/password/reset/"),
            ("aup", "/aup/"),
            ("status", "/status/"),
            ("status-subscribe", "/status/subscribe/"),
        ],
    )

    log_in(page, front_door["student"])
    expect(page.locator(".account-menu__button")).to_be_visible()
    reference = ticket.reference
    tour(
        page,
        live_server,
        [
            ("home-signed-in", "/"),
            ("new-request", "/requests/new/"),
            ("my-requests", "/requests/"),
            ("request", f"/requests/{reference}/"),
            ("appointment-picker", f"/requests/{reference}/appointment/"),
            ("appointment-cancel-confirm", f"/requests/{reference}/appointment/cancel/"),
            ("profile", "/accounts/profile/"),
            ("password-change", "/accounts/password/change/"),
            ("mfa-index", "/accounts/2fa/"),
            ("mfa-totp-activate", "/accounts/2fa/totp/activate/"),
            ("phone-setup", "/accounts/mfa/phone/"),
        ],
    )

    # The second factor: the authenticate stage, then the recovery codes.
    page.context.clear_cookies()
    log_in(page, front_door["mfa_student"])
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/$"))
    tour(page, live_server, [("mfa-authenticate", "/accounts/2fa/authenticate/")])
    page.locator("input[name=code]").fill(totp_code(TEST_TOTP_SECRET))
    page.locator("main form button[type=submit]").first.click()
    expect(page).not_to_have_url(re.compile(r"/authenticate/"))
    page.goto("/accounts/2fa/recovery-codes/generate/")
    page.locator("main form button[type=submit]").first.click()
    tour(page, live_server, [("mfa-recovery-codes", "/accounts/2fa/recovery-codes/")])


def test_account_menu_by_keyboard(page, live_server, front_door):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    log_in(page, front_door["student"])
    page.goto("/")
    header = page.locator(".site-header__inner")
    # One row at 1280 px: the header is no taller than its tallest item.
    assert header.bounding_box()["height"] < 80

    button = page.get_by_role("button", name=re.compile("Account menu of Sam"))
    panel = page.locator("#account-menu-panel")
    expect(panel).to_be_hidden()
    button.focus()
    page.keyboard.press("Enter")
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(panel).to_be_visible()
    expect(panel.get_by_role("link", name="Profile")).to_be_focused()
    for name in ("Password", "Authenticator app", "Phone", "Recovery codes"):
        expect(panel.get_by_role("link", name=name)).to_be_visible()
    expect(panel.get_by_role("button", name="Download my data")).to_be_visible()
    page.keyboard.press("Escape")
    expect(panel).to_be_hidden()
    expect(button).to_be_focused()
    expect(button).to_have_attribute("aria-expanded", "false")

    # Open again with Space, Tab to the profile and follow it.
    page.keyboard.press("Space")
    expect(panel.get_by_role("link", name="Profile")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{live_server.url}/accounts/profile/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your profile")

    # Log out is the menu's last item, reached by Tab.
    button = page.get_by_role("button", name=re.compile("Account menu of Sam"))
    button.focus()
    page.keyboard.press("Enter")
    for _ in range(8):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "Log out":
            break
    page.keyboard.press("Enter")
    expect(page.get_by_role("link", name="Log in")).to_be_visible()


def test_appointment_picked_and_cancelled_by_keyboard(page, live_server, front_door):
    ticket = front_door["ticket"]
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    log_in(page, front_door["student"])
    page.goto(f"/requests/{ticket.reference}/appointment/")

    # The second day of the strip, by keyboard: its times replace the first day's.
    days = page.locator(".day-strip a")
    days.nth(1).focus()
    page.keyboard.press("Enter")
    expect(days.nth(1)).to_have_attribute("aria-current", "date")
    second_day = days.nth(1).get_attribute("href").split("=")[1].split("#")[0]

    slots = page.locator("input[name=slot]")
    slots.first.focus()
    page.keyboard.press("Space")
    page.keyboard.press("ArrowRight")
    expect(slots.nth(1)).to_be_checked()
    chosen = slots.nth(1).get_attribute("value")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Book this time")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator(".messages")).to_contain_text("booked")
    appointment = Appointment.objects.get(ticket=ticket)
    assert appointment.status == AppointmentStatus.BOOKED
    assert appointment.starts_at.isoformat() == chosen
    assert chosen.startswith(second_day)

    # Cancelling asks first; "keep" changes nothing.
    page.get_by_role("link", name="Cancel my appointment").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Cancel the appointment?")
    page.get_by_role("link", name="No, keep my appointment").focus()
    page.keyboard.press("Enter")
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.BOOKED

    page.get_by_role("link", name="Cancel my appointment").focus()
    page.keyboard.press("Enter")
    page.get_by_label("Reason").fill("Solved it myself")
    page.get_by_role("button", name="Yes, cancel my appointment").focus()
    page.keyboard.press("Enter")
    expect(page.locator(".messages")).to_contain_text("cancelled")
    expect(page.locator(".state__title")).to_have_text("Your appointment is cancelled")
    expect(page.locator("main")).not_to_contain_text("has not offered")
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.CANCELLED
