"""In Chromium, by keyboard only: first line works "New", second line answers "Escalated".

Plus the queue and request page at 1366 px: every column of the row on screen.
"""

from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import expect

from core.testing.browser import assert_accessible
from tickets.tests.factories import (
    CategoryFactory,
    DeskFactory,
    ResolverGroupFactory,
    StandardAnswerFactory,
    file_ticket,
)

from .helpers import sign_in, use_language

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[3] / "test-artifacts"


def tab_to(page, selector: str, limit: int = 40) -> None:
    """Press Tab until the element is focused, as a keyboard user would."""
    for _ in range(limit):
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{selector} not reachable with Tab in {limit} presses")


def open_first_in_view(page, view: str) -> None:
    page.goto(f"/admin/tickets/ticket/?view={view}")
    page.wait_for_load_state("load")
    expect(page.locator(f'.ws-count[data-view="{view}"]')).to_have_text("1")
    assert_accessible(page)
    page.keyboard.press("j")  # the first request of the view
    page.keyboard.press("Enter")
    expect(page.locator("#ws-conversation")).to_be_visible()
    page.wait_for_load_state("load")


@pytest.mark.parametrize("language", ["nl", "en"])
def test_first_line_takes_replies_with_a_previewed_answer_and_escalates_second_line_answers(
    browser, live_server, student, agent_first_line, agent_second_line, language
):
    desk = DeskFactory(slug="helpdesk")
    desk.agents.add(agent_first_line)
    group = ResolverGroupFactory(desk=desk, name_nl="Portaalbeheer", name_en="Portal team")
    group.members.add(agent_second_line)
    ticket = file_ticket(student, category=CategoryFactory(default_desk=desk))
    StandardAnswerFactory(title="Password reset", body_nl="Dag {requester_name}, probeer opnieuw.",
                          body_en="Dear {requester_name}, please try again.")  # fmt: skip

    first = browser.new_context(base_url=live_server.url, viewport={"width": 1366, "height": 768})
    page = first.new_page()
    use_language(page, live_server, language)
    sign_in(page, live_server, agent_first_line)
    open_first_in_view(page, "new")
    assert_accessible(page)

    page.keyboard.press("t")  # take
    expect(page.locator(".messagelist")).to_contain_text(ticket.reference)
    page.wait_for_load_state("load")  # the shortcuts listen from DOMContentLoaded
    ticket.refresh_from_db()
    assert ticket.assignee == agent_first_line

    page.keyboard.press("r")  # reply: the box is focused
    expect(page.locator("#id_reply_body")).to_be_focused()
    tab_to(page, "#id_standard_answer")
    page.keyboard.type("Pass")
    preview = page.locator("#ws-answer-preview")
    expect(preview).to_contain_text(student.get_full_name() or ticket.requester_name)
    expect(page.locator("#id_reply_body")).to_have_value(preview.inner_text())
    assert not ticket.messages.exists()  # nothing sent while previewing
    tab_to(page, "input[name=_save]")
    page.keyboard.press("Enter")
    expect(page.locator(".messagelist")).to_be_visible()
    reply = ticket.messages.get()
    expected = {"nl": "probeer opnieuw", "en": "please try again"}[ticket.requester_language]
    assert reply.is_staff_reply and expected in reply.body
    # The request page again; escalate by keyboard.
    page.goto(f"/admin/tickets/ticket/{ticket.pk}/change/")
    page.wait_for_load_state("load")
    page.keyboard.press("e")
    expect(page).to_have_url(f"{live_server.url}/admin/tickets/ticket/{ticket.pk}/escalate/")
    assert_accessible(page)
    tab_to(page, "#id_group")
    page.keyboard.type("Port")
    tab_to(page, "#id_note")
    page.keyboard.type("Results page of the portal fails.")
    tab_to(page, "input[type=submit]")
    page.keyboard.press("Enter")
    expect(page.locator(".messagelist")).to_contain_text(
        group.name_nl if language == "nl" else group.name_en
    )
    ticket.refresh_from_db()
    assert (ticket.line, ticket.resolver_group, ticket.assignee) == ("second", group, None)
    first.close()

    second = browser.new_context(base_url=live_server.url, viewport={"width": 1366, "height": 768})
    page = second.new_page()
    use_language(page, live_server, language)
    sign_in(page, live_server, agent_second_line)
    open_first_in_view(page, "escalated")
    expect(page.locator(".ws-timeline")).to_contain_text("Results page of the portal fails.")
    page.keyboard.press("?")  # the shortcuts are documented on the page
    expect(page.locator("#ws-shortcuts")).to_be_visible()
    assert_accessible(page)
    tab_to(page, ".ws-shortcuts-close")
    page.keyboard.press("Enter")  # closes the list; never submits the form around it
    expect(page.locator("#ws-shortcuts")).to_be_hidden()
    page.keyboard.press("r")
    page.keyboard.type("Fixed on our side; please try again.")
    tab_to(page, "input[name=_save]")
    page.keyboard.press("Enter")
    expect(page.locator(".messagelist")).to_be_visible()
    assert ticket.messages.filter(body__startswith="Fixed on our side").exists()
    second.close()


def test_the_queue_row_and_request_page_fit_1366_px(
    browser, live_server, student, agent_first_line
):
    desk = DeskFactory(slug="helpdesk", name_en="IT help desk", name_nl="ICT-helpdesk")
    desk.agents.add(agent_first_line)
    category = CategoryFactory(default_desk=desk)
    with time_machine.travel(timezone.now() - timedelta(days=20)):
        breached = file_ticket(
            student, category=category, impact=3, urgency=3,
            subject="The whole exam portal is down for every student in the faculty of law",
        )  # fmt: skip
    file_ticket(student, category=category)
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1366, "height": 768})
    page = context.new_page()
    use_language(page, live_server, "nl")
    sign_in(page, live_server, agent_first_line)
    page.goto("/admin/tickets/ticket/?view=all_open")
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "workspace-queue-1366.png"))
    headers = page.locator("#result_list thead th")
    assert headers.count() == 10  # the checkbox and nine columns
    for index in range(headers.count()):
        box = headers.nth(index).bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 1366, (index, box)
    row = page.locator("#result_list tbody tr", has_text=breached.reference)
    for cell in row.locator("td, th").all():
        box = cell.bounding_box()
        assert box and box["x"] + box["width"] <= 1366, box
    # A breached row says so in words, not by colour alone.
    expect(row.locator(".sla--breached")).to_contain_text("⚠")

    page.goto(f"/admin/tickets/ticket/{breached.pk}/change/")
    page.screenshot(path=str(SCREENSHOTS / "workspace-request-1366.png"))
    side = page.locator(".ws-side").bounding_box()
    conversation = page.locator("#ws-conversation").bounding_box()
    assert side["x"] + side["width"] <= 1366 and conversation["y"] < 768
    # The conversation comes before the reply box.
    assert conversation["y"] < page.locator("#id_reply_body").bounding_box()["y"]
    context.close()
