"""The requester pages: filing, My requests, detail, reply, close, rate, access."""

import datetime as dt
import re
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from accounts.tests.factories import DEFAULT_PASSWORD
from tickets.choices import (
    EMERGENCY_IMPACT,
    EMERGENCY_URGENCY,
    Impact,
    TicketStatus,
    Urgency,
    is_emergency,
)
from tickets.models import DeskSettings, Ticket
from tickets.services import ticket_reply, ticket_set_status
from tickets.tests.factories import CategoryFactory, file_ticket
from tickets.tests.storage import use_private_storage


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    use_private_storage(settings, tmp_path)


@pytest.fixture
def category(db):
    return CategoryFactory(name_en="Wi-Fi and network", name_nl="Wifi en netwerk")


def form_data(category, **extra):
    return {
        "category": category.pk,
        "subject": "Eduroam drops every minute",
        "description": "Since Monday, in the library.",
        "impact": "1",
        "urgency": "2",
        **extra,
    }


# --- Filing ---------------------------------------------------------------


@pytest.mark.django_db
def test_student_files_a_request_with_attachments(client, student, category):
    client.force_login(student)
    files = [
        SimpleUploadedFile("a.png", b"png", content_type="image/png"),
        SimpleUploadedFile("b.txt", b"log", content_type="text/plain"),
    ]
    response = client.post("/requests/new/", form_data(category, attachments=files))
    ticket = Ticket.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/requests/{ticket.reference}/"
    assert ticket.requester == student
    assert sorted(a.original_name for a in ticket.attachments.all()) == ["a.png", "b.txt"]


@pytest.mark.django_db
def test_new_request_page_has_the_kb_suggestion_hooks(client, student, category):
    client.force_login(student)
    html = client.get("/requests/new/").content.decode()
    assert 'data-kb-suggest="kb-suggestions"' in html
    assert '<div id="kb-suggestions"' in html
    assert "js/kb-suggest.js" in html
    assert "Wifi en netwerk" in html


@pytest.mark.django_db
def test_invalid_request_keeps_what_was_typed_and_says_what_is_wrong(client, student, category):
    client.force_login(student)
    response = client.post("/requests/new/", form_data(category, subject="x" * 201))
    html = response.content.decode()
    assert response.status_code == 200
    assert Ticket.objects.count() == 0
    assert 'id="id_subject_error"' in html
    assert re.search(r'<input[^>]*aria-invalid="true"[^>]*id="id_subject"', html)
    assert re.search(r'aria-describedby="id_subject_helptext id_subject_error"', html)
    assert "Since Monday, in the library." in html


@pytest.mark.django_db
def test_after_the_empty_form_was_shown_a_refused_one_still_keeps_every_answer(
    client, student, category
):
    """The empty form's fields are kept rendered (issue 23); a posted form never is."""
    client.force_login(student)
    client.get("/requests/new/")
    client.get("/requests/new/")
    posted = form_data(category, subject="", impact="3", urgency="1")
    html = client.post("/requests/new/", posted).content.decode()
    assert 'id="id_subject_error"' in html
    assert "Since Monday, in the library." in html
    assert re.search(r'<input[^>]*name="impact" value="3"[^>]*checked', html)
    assert re.search(r'<input[^>]*name="urgency" value="1"[^>]*checked', html)
    assert client.get("/requests/new/").content.decode().count("checked") == 0


@pytest.mark.django_db
def test_new_request_form_reads_no_categories_until_one_changes(
    client, student, category, django_assert_num_queries
):
    client.force_login(student)
    client.get("/requests/new/")
    # the user only: the categories and the emergency line come from the cache
    with django_assert_num_queries(1 + session_queries()):
        client.get("/requests/new/")
    CategoryFactory(name_en="Printing", name_nl="Printen")  # as the admin saves it
    assert "Printen" in client.get("/requests/new/").content.decode()
    desk_settings = DeskSettings.load()
    desk_settings.emergency_phone = "020 555 0199"
    desk_settings.save()  # as the admin saves it
    assert 'href="tel:0205550199"' in client.get("/requests/new/").content.decode()


@pytest.mark.django_db
def test_too_large_file_is_refused_next_to_the_field(client, student, category, settings):
    settings.TICKETS_ATTACHMENT_MAX_BYTES = 10
    client.force_login(student)
    big = SimpleUploadedFile("big.pdf", b"x" * 11, content_type="application/pdf")
    html = client.post("/requests/new/", form_data(category, attachments=[big])).content.decode()
    assert Ticket.objects.count() == 0
    assert 'id="id_attachments_error"' in html
    assert "big.pdf" in html


@pytest.mark.django_db
def test_forbidden_file_type_is_refused(client, student, category):
    client.force_login(student)
    exe = SimpleUploadedFile("setup.exe", b"MZ", content_type="application/pdf")
    html = client.post("/requests/new/", form_data(category, attachments=[exe])).content.decode()
    assert Ticket.objects.count() == 0
    assert "setup.exe" in html and 'id="id_attachments_error"' in html


@pytest.mark.django_db
def test_emergency_number_shows_only_for_highest_impact_and_urgency(client, student, category):
    DeskSettings.objects.update_or_create(id=1, defaults={"emergency_phone": "+32 9 264 00 00"})
    client.force_login(student)
    plain = client.get("/requests/new/").content.decode()
    assert re.search(r'id="emergency-notice"[^>]*hidden', plain)

    # Without JavaScript the first submit stops and shows the number.
    high = form_data(category, impact="3", urgency="3")
    html = client.post("/requests/new/", high).content.decode()
    assert Ticket.objects.count() == 0
    assert "+32 9 264 00 00" in html
    assert not re.search(r'id="emergency-notice"[^>]*hidden', html)
    assert 'name="emergency_seen" value="1"' in html

    response = client.post("/requests/new/", {**high, "emergency_seen": "1"})
    assert response.status_code == 302
    assert Ticket.objects.get().priority == 1


def test_the_emergency_rule_is_both_answers_at_their_highest():
    assert is_emergency(Impact.MANY_PEOPLE, Urgency.BLOCKS_MANY_NOW)
    assert is_emergency("3", "3")  # as posted
    assert not is_emergency("3", "2") and not is_emergency("2", "3")
    assert not is_emergency(None, None)


@pytest.mark.django_db
def test_the_page_hands_the_script_the_rule_and_the_script_holds_no_copy(client, student, category):
    """emergency.js compares with the values the page renders from the Python rule."""
    DeskSettings.objects.update_or_create(id=1, defaults={"emergency_phone": "+32 9 264 00 00"})
    client.force_login(student)
    html = client.get("/requests/new/").content.decode()
    assert f'data-emergency-impact="{EMERGENCY_IMPACT.value}"' in html
    assert f'data-emergency-urgency="{EMERGENCY_URGENCY.value}"' in html
    script = (Path(settings.BASE_DIR) / "static" / "tickets" / "emergency.js").read_text()
    assert "data-emergency-impact" in script and "data-emergency-urgency" in script
    # No answer is compared with a number written in the script (it was ``=== "3"``).
    assert not re.search(r"===\s*[\"']\d", script), "a value of the rule is hard-coded"


@pytest.mark.django_db
def test_no_emergency_stop_for_ordinary_requests(client, student, category):
    DeskSettings.objects.update_or_create(id=1, defaults={"emergency_phone": "+32 9 264 00 00"})
    client.force_login(student)
    response = client.post("/requests/new/", form_data(category, impact="3", urgency="2"))
    # Filed on the first submit, without the emergency_seen confirmation.
    ticket = Ticket.objects.get()
    assert response.status_code == 302
    assert response.url == f"/requests/{ticket.reference}/"
    assert (ticket.requester, ticket.impact, ticket.urgency) == (student, 3, 2)
    assert "+32 9 264 00 00" not in client.get(response.url).content.decode()


@pytest.mark.django_db
def test_html_in_a_request_is_shown_escaped(client, student, category):
    client.force_login(student)
    client.post("/requests/new/", form_data(category, subject="<script>alert(1)</script>"))
    ticket = Ticket.objects.get()
    html = client.get(f"/requests/{ticket.reference}/").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.django_db
def test_state_changes_need_a_csrf_token(student, category):
    ticket = file_ticket(student)
    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(student)
    assert csrf_client.post("/requests/new/", form_data(category)).status_code == 403
    assert Ticket.objects.count() == 1  # only the one filed above
    assert csrf_client.post(f"/requests/{ticket.reference}/close/").status_code == 403
    assert (
        csrf_client.post(f"/requests/{ticket.reference}/reply/", {"body": "x"}).status_code == 403
    )


@pytest.mark.django_db
def test_close_and_reply_refuse_get(client, student):
    ticket = file_ticket(student)
    client.force_login(student)
    assert client.get(f"/requests/{ticket.reference}/close/").status_code == 405
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.NEW


# --- My requests ----------------------------------------------------------


@pytest.mark.django_db
def test_my_requests_shows_only_my_own(client, student, other_student):
    mine = file_ticket(student, subject="Mine")
    theirs = file_ticket(other_student, subject="Theirs")
    client.force_login(student)
    html = client.get("/requests/").content.decode()
    assert mine.reference in html
    assert theirs.reference not in html


@pytest.mark.django_db
def test_my_requests_filters_open_and_closed_and_searches(client, student):
    open_one = file_ticket(student, subject="Printer jammed")
    done = file_ticket(student, subject="VPN certificate")
    ticket_set_status(ticket=done, status=TicketStatus.CLOSED, acting_user=student)
    client.force_login(student)
    html = client.get("/requests/").content.decode()
    assert open_one.reference in html and done.reference not in html
    html = client.get("/requests/?state=closed").content.decode()
    assert done.reference in html and open_one.reference not in html
    html = client.get("/requests/?state=all&q=printer").content.decode()
    assert open_one.reference in html and done.reference not in html
    html = client.get(f"/requests/?state=all&q={done.reference}").content.decode()
    assert done.reference in html and open_one.reference not in html


@pytest.mark.django_db
def test_my_requests_pages_with_a_next_link_without_counting(client, student, settings):
    from tickets import selectors

    tickets = [file_ticket(student, subject=f"Request {n}") for n in range(selectors.PAGE_SIZE + 3)]
    client.force_login(student)
    html = client.get("/requests/").content.decode()
    assert tickets[-1].reference in html and tickets[0].reference not in html
    next_href = re.search(r'href="\?([^"]+)" rel="next"', html).group(1).replace("&amp;", "&")
    second = client.get(f"/requests/?{next_href}").content.decode()
    assert tickets[0].reference in second and tickets[-1].reference not in second
    assert 'rel="next"' not in second


@pytest.mark.django_db
def test_garbage_cursor_shows_the_first_page(client, student):
    ticket = file_ticket(student)
    client.force_login(student)
    response = client.get("/requests/?after=not-a-cursor&state=open")
    assert response.status_code == 200
    assert ticket.reference in response.content.decode()


def session_queries() -> int:
    """Reading the session costs a query unless Redis caches it (cached_db)."""
    from django.conf import settings

    return 0 if settings.SESSION_ENGINE.endswith("cached_db") else 1


def _seed(requester, count, category):
    for n in range(count):
        ticket = file_ticket(requester, category=category, subject=f"Request {n}")
        ticket_reply(ticket=ticket, body="More detail", acting_user=requester)


@pytest.mark.django_db
@pytest.mark.parametrize("count", [5, 200])
def test_my_requests_query_count_does_not_grow(
    client, student, category, count, django_assert_num_queries
):
    _seed(student, count, category)
    client.force_login(student)
    client.get("/requests/")  # warm the session
    # user, one page of requests with their category (the AUP gate asks the
    # database once per session and version, knowledgebase/middleware.py)
    with django_assert_num_queries(2 + session_queries()):
        response = client.get("/requests/?state=open")
    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("count", [5, 200])
def test_detail_query_count_does_not_grow(
    client, student, category, count, django_assert_num_queries, settings
):
    settings.TICKETS_REVISION_CACHE = True  # its default with Redis; this pass may have none
    ticket = file_ticket(student, category=category)
    for n in range(count):
        ticket_reply(ticket=ticket, body=f"Message {n}", acting_user=student)
    client.force_login(student)
    client.get("/requests/")
    # user, ticket + category (and whether it has files or appointments: it
    # has neither, so neither is read), public messages
    with django_assert_num_queries(3 + session_queries()):
        response = client.get(f"/requests/{ticket.reference}/")
    assert response.status_code == 200
    # once rendered, the conversation is kept until the request changes
    # (tickets/revision_cache.py): the user and the request
    with django_assert_num_queries(2 + session_queries()):
        assert client.get(f"/requests/{ticket.reference}/").status_code == 200


@pytest.mark.django_db
def test_detail_of_a_request_with_files_reads_and_shows_them(
    client, student, category, django_assert_num_queries
):
    upload = SimpleUploadedFile("screenshot.png", b"png", content_type="image/png")
    ticket = file_ticket(student, category=category, uploads=[upload])
    client.force_login(student)
    client.get("/requests/")
    # as above, and the request's files (it has one)
    with django_assert_num_queries(4 + session_queries()):
        response = client.get(f"/requests/{ticket.reference}/")
    assert "screenshot.png" in response.content.decode()


# --- Detail, reply, close, rate -------------------------------------------


@pytest.mark.django_db
def test_someone_elses_request_answers_404(client, student, other_student):
    ticket = file_ticket(other_student)
    client.force_login(student)
    for response in (
        client.get(f"/requests/{ticket.reference}/"),
        client.post(f"/requests/{ticket.reference}/reply/", {"body": "hi"}),
        client.post(f"/requests/{ticket.reference}/close/"),
        client.post(f"/requests/{ticket.reference}/rate/", {"score": "5"}),
    ):
        assert response.status_code == 404
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.NEW and ticket.messages.count() == 0


@pytest.mark.django_db
def test_internal_notes_never_reach_the_requester(client, student, agent_first_line):
    ticket = file_ticket(student)
    ticket_reply(
        ticket=ticket, body="Secret triage note", acting_user=agent_first_line, internal=True
    )
    ticket_reply(ticket=ticket, body="Public answer", acting_user=agent_first_line)
    client.force_login(student)
    html = client.get(f"/requests/{ticket.reference}/").content.decode()
    assert "Public answer" in html
    assert "Secret triage note" not in html


@pytest.mark.django_db
def test_student_replies_with_an_attachment(client, student):
    ticket = file_ticket(student)
    client.force_login(student)
    upload = SimpleUploadedFile("shot.png", b"png", content_type="image/png")
    response = client.post(
        f"/requests/{ticket.reference}/reply/", {"body": "See screenshot", "attachments": [upload]}
    )
    assert response.status_code == 302
    message = ticket.messages.get()
    assert message.body == "See screenshot"
    assert message.attachments.get().original_name == "shot.png"


@pytest.mark.django_db
def test_empty_reply_is_refused_next_to_the_field(client, student):
    ticket = file_ticket(student)
    client.force_login(student)
    html = client.post(f"/requests/{ticket.reference}/reply/", {"body": ""}).content.decode()
    assert 'id="id_body_error"' in html
    assert ticket.messages.count() == 0


@pytest.mark.django_db
def test_student_closes_own_request(client, student):
    ticket = file_ticket(student)
    client.force_login(student)
    client.post(f"/requests/{ticket.reference}/close/")
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.CLOSED


@pytest.mark.django_db
def test_rating_once_resolved_and_changeable_for_seven_days(client, student, agent_first_line):
    ticket = file_ticket(student)
    client.force_login(student)
    html = client.get(f"/requests/{ticket.reference}/").content.decode()
    assert 'name="score"' not in html
    client.post(f"/requests/{ticket.reference}/rate/", {"score": "5"})
    ticket.refresh_from_db()
    assert ticket.rating is None

    ticket_set_status(ticket=ticket, status=TicketStatus.RESOLVED, acting_user=agent_first_line)
    assert 'name="score"' in client.get(f"/requests/{ticket.reference}/").content.decode()
    client.post(f"/requests/{ticket.reference}/rate/", {"score": "4", "comment": "Quick!"})
    ticket.refresh_from_db()
    assert (ticket.rating, ticket.rating_comment) == (4, "Quick!")
    client.post(f"/requests/{ticket.reference}/rate/", {"score": "3"})
    ticket.refresh_from_db()
    assert (ticket.rating, ticket.rating_comment) == (3, "")
    with time_machine.travel(dt.timedelta(days=7, minutes=1)):
        client.post(f"/requests/{ticket.reference}/rate/", {"score": "1"})
        html = client.get(f"/requests/{ticket.reference}/").content.decode()
    assert "You already rated this request" in html or "Je gaf deze aanvraag al een score" in html
    ticket.refresh_from_db()
    assert ticket.rating == 3


@pytest.mark.django_db
def test_rating_out_of_range_is_refused(client, student, agent_first_line):
    ticket = file_ticket(student)
    ticket_set_status(ticket=ticket, status=TicketStatus.RESOLVED, acting_user=agent_first_line)
    client.force_login(student)
    html = client.post(f"/requests/{ticket.reference}/rate/", {"score": "9"}).content.decode()
    assert 'id="id_score_error"' in html
    ticket.refresh_from_db()
    assert ticket.rating is None


# --- Attachments ----------------------------------------------------------


@pytest.mark.django_db
def test_attachment_is_served_as_download_to_the_requester_only(client, student, other_student):
    upload = SimpleUploadedFile("page.html", b"<script>x</script>", content_type="text/html")
    ticket = file_ticket(student, uploads=[SimpleUploadedFile("notes.txt", b"hello")])
    attachment = ticket.attachments.get()
    client.force_login(student)
    response = client.get(f"/requests/attachments/{attachment.pk}/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"].startswith("text/plain")
    assert b"".join(response.streaming_content) == b"hello"
    assert upload.name == "page.html"

    other = Client()
    other.force_login(other_student)
    assert other.get(f"/requests/attachments/{attachment.pk}/").status_code == 404
    assert Client().get(f"/requests/attachments/{attachment.pk}/").status_code == 404


@pytest.mark.django_db
def test_attachment_of_an_internal_note_is_hidden_from_the_requester(
    client, student, agent_first_line, desk_lead
):
    ticket = file_ticket(student)
    note = ticket_reply(
        ticket=ticket,
        body="log",
        acting_user=agent_first_line,
        internal=True,
        uploads=[SimpleUploadedFile("server.log", b"secret")],
    )
    attachment = note.attachments.get()
    client.force_login(student)
    assert client.get(f"/requests/attachments/{attachment.pk}/").status_code == 404
    lead = Client()
    lead.force_login(desk_lead)
    assert lead.get(f"/requests/attachments/{attachment.pk}/").status_code == 200


# --- Claim at login -------------------------------------------------------


@pytest.mark.django_db
def test_guest_request_becomes_the_students_once_they_log_in(client, student):
    ticket = file_ticket(None, requester_email=student.email.upper())
    stranger = file_ticket(None, requester_email="someone.else@example.net")
    response = client.post(
        "/accounts/login/", {"login": student.email, "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 302
    ticket.refresh_from_db()
    stranger.refresh_from_db()
    assert ticket.requester == student
    assert stranger.requester is None
    assert ticket.reference in client.get("/requests/").content.decode()


# A typed number alone no longer claims: see test_guest_claim.py.


@pytest.mark.django_db
def test_unverified_address_claims_nothing(client, student):
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=student, email="second@example.net", verified=False)
    ticket = file_ticket(None, requester_email="second@example.net")
    client.post("/accounts/login/", {"login": student.email, "password": DEFAULT_PASSWORD})
    ticket.refresh_from_db()
    assert ticket.requester is None


@pytest.mark.django_db
def test_detail_lists_each_file_under_its_message_and_never_a_notes_file(
    client, student, agent_first_line, category
):
    """The page reads every file in one query (issue 23); each still shows where it belongs."""
    ticket = file_ticket(
        student,
        category=category,
        uploads=[SimpleUploadedFile("filed.txt", b"a", content_type="text/plain")],
    )
    ticket_reply(
        ticket=ticket,
        body="Internal",
        acting_user=agent_first_line,
        internal=True,
        uploads=[SimpleUploadedFile("server.log", b"secret")],
    )
    ticket_reply(
        ticket=ticket,
        body="Here is the manual",
        acting_user=agent_first_line,
        uploads=[SimpleUploadedFile("manual.txt", b"b", content_type="text/plain")],
    )
    client.force_login(student)
    html = client.get(f"/requests/{ticket.reference}/").content.decode()
    assert "server.log" not in html
    entries = html.split('<li class="message-entry')
    assert "filed.txt" in entries[1] and "manual.txt" not in entries[1]
    assert "Here is the manual" in entries[2] and "manual.txt" in entries[2]


@pytest.mark.django_db
def test_a_reply_to_a_request_closed_meanwhile_shows_with_its_text(client, student):
    """Closed in another tab: the reply is refused, and says so, with what was typed."""
    ticket = file_ticket(student)
    client.force_login(student)
    client.get(f"/requests/{ticket.reference}/")
    ticket_set_status(ticket=ticket, status=TicketStatus.CLOSED, acting_user=student)
    response = client.post(
        f"/requests/{ticket.reference}/reply/", {"body": "Late text that matters"}
    )
    html = response.content.decode()
    assert "Late text that matters</textarea>" in html
    assert "Deze aanvraag is afgesloten." in html
    assert ticket.messages.filter(body="Late text that matters").count() == 0


@pytest.mark.django_db
def test_switching_language_on_a_refused_reply_returns_to_the_request_page(client, student):
    """The refused reply's page stands at the reply address, which only takes submissions."""
    ticket = file_ticket(student)
    client.force_login(student)
    page_path = f"/requests/{ticket.reference}/"
    exe = SimpleUploadedFile("setup.exe", b"MZ", content_type="application/pdf")
    html = client.post(
        f"{page_path}reply/",
        {"body": "Here it is", "attachments": [exe]},
        HTTP_REFERER=f"http://testserver{page_path}",
    ).content.decode()
    assert f'name="next" value="{page_path}"' in html
    elsewhere = client.post(
        f"{page_path}reply/",
        {"body": "Here it is", "attachments": [exe]},
        HTTP_REFERER="https://evil.example/phish/",
    ).content.decode()
    assert 'name="next" value="/"' in elsewhere
    assert client.get(page_path).status_code == 200
