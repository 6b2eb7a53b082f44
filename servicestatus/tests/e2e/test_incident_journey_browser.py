"""An eduroam outage from start to end, in Chromium, by keyboard alone.

First line (staff with an authenticator app) promotes a student's request to
a major incident in the admin; the student sees the banner on the
new-request form and says "affected too" there instead of filing again; a
guest does the same on the status page with their address; first line posts
an update and then resolves the incident. A real Celery worker fans the
updates out and delivers the outbox to a real SMTP server on loopback: each
of the two gets each update exactly once, and the linked request is resolved
with the closing update. Every page of the journey passes axe in Dutch and
in English.
"""

import re
import time
from collections import Counter

import pytest
from playwright.sync_api import expect

from core.testing.broker import purge_queue
from core.testing.browser import assert_accessible
from core.testing.processes import celery_worker
from core.testing.smtp import SmtpSink
from servicestatus.models import AffectedPerson, Incident, IncidentTicket, Service
from tickets.choices import TicketStatus
from tickets.tests.e2e.helpers import sign_in, use_language
from tickets.tests.factories import CategoryFactory, DeskFactory, file_ticket

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

GUEST = "visitor@example.net"


def axe_in_both_languages(page, live_server, language: str) -> None:
    """The page as it is now, reloaded in Dutch and in English; then back in ``language``."""
    for other in ("nl", "en"):
        use_language(page, live_server, other)
        page.reload()
        expect(page.locator("html")).to_have_attribute("lang", other)
        assert_accessible(page)
    use_language(page, live_server, language)
    page.reload()


def press(page, locator, key: str = "Enter") -> None:
    """Move the keyboard focus to ``locator`` and press ``key`` there."""
    locator.focus()
    expect(locator).to_be_focused()
    page.keyboard.press(key)


def type_into(page, locator, text: str) -> None:
    """Focus a field, select what it holds and type over it, as a keyboard user does."""
    locator.focus()
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type(text)


def plain(message) -> str:
    body = message.get_body(preferencelist=("plain",))
    return body.get_content() if body is not None else ""


def mails_with(sink: SmtpSink, text: str) -> Counter:
    """How many mails containing ``text`` each address received."""
    found: Counter = Counter()
    for message in list(sink.messages):
        if text in plain(message):
            (address,) = message["To"].addresses
            found[address.addr_spec.lower()] += 1
    return found


def wait_for_mails(sink: SmtpSink, text: str, count: int, timeout: float = 60) -> Counter:
    deadline = time.monotonic() + timeout
    while sum(mails_with(sink, text).values()) < count and time.monotonic() < deadline:
        time.sleep(0.1)
    time.sleep(1)  # any mail beyond the expected would arrive now
    return mails_with(sink, text)


@pytest.fixture
def outage(agent_first_line, student):
    desk = DeskFactory(slug="helpdesk", name_nl="ICT-helpdesk", name_en="IT help desk")
    desk.agents.add(agent_first_line)
    wifi = CategoryFactory(default_desk=desk, slug="wifi", name_nl="Wifi", name_en="Wi-Fi")
    eduroam = Service.objects.create(
        slug="eduroam", name_nl="Eduroam", name_en="Eduroam", desk=desk
    )
    eduroam.categories.add(wifi)
    ticket = file_ticket(student, category=wifi, subject="Geen wifi in gebouw A")
    return {"wifi": wifi, "ticket": ticket}


def test_an_outage_from_first_report_to_resolution_by_keyboard(
    browser, live_server, agent_first_line, student, outage
):
    purge_queue()
    ticket = outage["ticket"]
    with SmtpSink() as sink, celery_worker(extra_env={"EMAIL_URL": sink.email_url}):
        # --- First line promotes the student's request to a major incident.
        staff = browser.new_context(base_url=live_server.url)
        admin = staff.new_page()
        use_language(admin, live_server, "en")
        sign_in(admin, live_server, agent_first_line)
        admin.goto(f"/admin/tickets/ticket/{ticket.pk}/change/")
        press(admin, admin.get_by_role("link", name="Promote to a major incident"))
        expect(admin.get_by_role("heading", level=1)).to_contain_text("Add incident")
        axe_in_both_languages(admin, live_server, "en")
        type_into(admin, admin.get_by_label("Public title (Dutch)"), "Eduroam ligt plat")
        type_into(admin, admin.get_by_label("Public title (English)"), "Eduroam is down")
        services = admin.get_by_label("Services")
        services.focus()
        admin.keyboard.press("ArrowDown")  # the only service: eduroam
        expect(services).to_have_values([re.compile(r"\d+")])
        type_into(admin, admin.get_by_label("First update (Dutch)"), "We zoeken de oorzaak.")
        type_into(admin, admin.get_by_label("First update (English)"), "We are looking into it.")
        press(admin, admin.locator("input[name=_save]"))
        expect(admin.locator(".messagelist")).to_contain_text("was added successfully")
        incident = Incident.objects.get()
        assert IncidentTicket.objects.get(incident=incident).ticket == ticket
        axe_in_both_languages(admin, live_server, "en")  # the incident list
        press(admin, admin.get_by_role("link", name=incident.reference))
        expect(admin.get_by_role("heading", name="Post a public update")).to_be_visible()
        axe_in_both_languages(admin, live_server, "en")

        # --- The student, in Dutch, picks Wi-Fi on the new-request form: the banner.
        own = browser.new_context(base_url=live_server.url)
        form = own.new_page()
        use_language(form, live_server, "nl")
        sign_in(form, live_server, student)
        form.goto("/requests/new/")
        banner = form.locator("[data-status-banner]")
        expect(banner).to_be_hidden()  # no category picked yet
        category = form.locator("#id_category")
        category.focus()
        form.keyboard.type("Wifi")
        expect(category).to_have_value(str(outage["wifi"].pk))
        expect(banner).to_be_visible()
        expect(banner).to_contain_text("Eduroam ligt plat")
        axe_in_both_languages(form, live_server, "nl")
        form.locator("#id_category").focus()  # the reload forgot the choice
        form.keyboard.type("Wifi")
        form.keyboard.press("Shift+Tab")  # back to the banner, right above the form
        affected = banner.get_by_role("button", name=re.compile("Ik heb ook last"))
        expect(affected).to_be_focused()
        form.keyboard.press("Enter")
        expect(form).to_have_url(f"{live_server.url}/requests/new/")
        expect(form.locator(".messages")).to_contain_text(student.email)
        assert_accessible(form)
        own.close()

        # --- A guest, in English, on the status page with their address.
        outside = browser.new_context(base_url=live_server.url)
        status = outside.new_page()
        use_language(status, live_server, "en")
        status.goto("/status/")
        expect(status.get_by_role("heading", name="Eduroam is down")).to_be_visible()
        axe_in_both_languages(status, live_server, "en")
        card = status.locator(f"#{incident.reference}")
        card.get_by_label("Your email address").focus()
        status.keyboard.type(GUEST)
        status.keyboard.press("Tab")
        expect(card.get_by_role("button", name="I am affected too")).to_be_focused()
        status.keyboard.press("Enter")
        expect(status.locator(".messages")).to_contain_text(f"We will mail {GUEST} each update")
        assert_accessible(status)
        assert set(AffectedPerson.objects.values_list("email", flat=True)) == {
            student.email,
            GUEST,
        }

        # --- First line posts an update: each of the two gets it once.
        type_into(admin, admin.get_by_label("Update (Dutch)"), "Een switch is stuk.")
        type_into(admin, admin.get_by_label("Update (English)"), "A switch broke.")
        press(admin, admin.get_by_role("button", name="Post the update"))
        expect(admin.locator(".messagelist")).to_contain_text("The update is posted")
        axe_in_both_languages(admin, live_server, "en")
        got = wait_for_mails(sink, "switch", 2)
        assert got == {student.email.lower(): 1, GUEST: 1}
        assert mails_with(sink, "Een switch is stuk.") == {student.email.lower(): 1}
        assert mails_with(sink, "A switch broke.") == {GUEST: 1}

        # --- First line resolves it: the request is resolved, one mail each.
        type_into(admin, admin.get_by_label("Update (Dutch)"), "De switch is vervangen.")
        type_into(admin, admin.get_by_label("Update (English)"), "The switch was replaced.")
        press(admin, admin.get_by_label("This resolves the incident"), "Space")
        expect(admin.get_by_label("This resolves the incident")).to_be_checked()
        press(admin, admin.get_by_role("button", name="Post the update"))
        expect(admin.locator(".messagelist")).to_contain_text("The incident is resolved")
        expect(admin.get_by_role("heading", name="Post a public update")).to_have_count(0)
        axe_in_both_languages(admin, live_server, "en")
        got = wait_for_mails(sink, "switch", 4)
        assert mails_with(sink, "De switch is vervangen.") == {student.email.lower(): 1}
        assert mails_with(sink, "The switch was replaced.") == {GUEST: 1}
        ticket.refresh_from_db()
        assert ticket.status == TicketStatus.RESOLVED
        (closing,) = [plain(m) for m in sink.messages if "De switch is vervangen." in plain(m)]
        assert ticket.reference in closing  # the mail names the resolved request
        staff.close()

        # The status page says so, for the guest too.
        status.reload()
        expect(status.locator("#current-heading + p")).to_have_text(
            "All services are working normally."
        )
        assert_accessible(status)
        outside.close()
