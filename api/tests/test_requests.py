"""Requests over the API, as the personas: same services, same rules, 404 for others."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from knowledgebase import services as kb_services
from knowledgebase.tests.factories import AupVersionFactory
from tickets.choices import TicketStatus
from tickets.models import Ticket, TicketEvent
from tickets.services import ticket_reply, ticket_set_status
from tickets.tests.factories import CategoryFactory, file_ticket

from .helpers import app_client

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def category():
    return CategoryFactory(name_en="Wi-Fi and network", name_nl="Wifi en netwerk")


def _file(client, category_obj, **extra):
    data = {
        "category": category_obj.pk,
        "subject": "Eduroam drops",
        "description": "Every ten minutes.",
        "impact": 1,
        "urgency": 2,
    } | extra
    return client.post("/api/v1/requests/", data, format="multipart")


def test_student_files_a_request_with_an_attachment(student, student_api, category):
    upload = SimpleUploadedFile("screen.png", b"\x89PNG fake", content_type="image/png")
    response = _file(student_api, category, attachments=[upload])
    assert response.status_code == 201, response.json()
    body = response.json()
    ticket = Ticket.objects.get(reference=body["reference"])
    assert ticket.requester == student
    assert ticket.priority == body["priority"] == 4  # just me x blocks my work
    assert [a["name"] for a in body["attachments"]] == ["screen.png"]
    assert body["status_history"][0]["status"] == "new"
    assert TicketEvent.objects.filter(ticket=ticket, type="filed").exists()


def test_filing_as_json_uses_the_same_priority_matrix(student_api, category):
    response = student_api.post(
        "/api/v1/requests/",
        {"category": category.pk, "subject": "Down", "description": "All of it",
         "impact": 3, "urgency": 3},
        format="json",
    )  # fmt: skip
    assert response.status_code == 201
    assert response.json()["priority"] == 1


def test_invalid_request_gets_errors_per_field(student_api, category):
    response = _file(student_api, category, subject="", impact=9, category=999999)
    assert response.status_code == 400
    fields = response.json()["fields"]
    assert set(fields) == {"subject", "impact", "category"}
    assert Ticket.objects.count() == 0


def test_forbidden_file_type_is_refused_with_the_portals_rule(student_api, category):
    upload = SimpleUploadedFile("run.exe", b"MZ", content_type="application/octet-stream")
    response = _file(student_api, category, attachments=[upload])
    assert response.status_code == 400
    assert response.json()["fields"]["attachments"][0]["code"] == "file_type"


def test_too_large_file_is_refused(student_api, category, settings):
    settings.TICKETS_ATTACHMENT_MAX_BYTES = 10
    upload = SimpleUploadedFile("big.txt", b"x" * 11, content_type="text/plain")
    response = _file(student_api, category, attachments=[upload])
    assert response.json()["fields"]["attachments"][0]["code"] == "file_size"


def test_requests_need_the_current_aup(student, student_api, category):
    kb_services.aup_version_publish(version=AupVersionFactory(), acting_user=None)
    response = student_api.get("/api/v1/requests/")
    assert response.status_code == 403
    assert response.json()["code"] == "aup_not_accepted"


def test_my_requests_filters_by_status_and_pages_by_cursor(
    student, other_student, student_api, category, settings
):
    import tickets.selectors

    settings.DEBUG = False
    tickets.selectors.PAGE_SIZE, old = 2, tickets.selectors.PAGE_SIZE
    try:
        mine = [file_ticket(student, category=category, subject=f"Mine {n}") for n in range(3)]
        file_ticket(other_student, category=category, subject="Not mine")
        ticket_set_status(ticket=mine[0], status=TicketStatus.RESOLVED, acting_user=None)
        first = student_api.get("/api/v1/requests/", {"status": "all"}).json()
        assert [t["subject"] for t in first["results"]] == ["Mine 0", "Mine 2"]
        second = student_api.get(
            "/api/v1/requests/", {"status": "all", "cursor": first["next"]}
        ).json()
        assert [t["subject"] for t in second["results"]] == ["Mine 1"]
        assert second["next"] is None
        closed = student_api.get("/api/v1/requests/", {"status": "closed"}).json()
        assert [t["subject"] for t in closed["results"]] == ["Mine 0"]
    finally:
        tickets.selectors.PAGE_SIZE = old


def test_detail_shows_public_messages_and_history_but_never_internal_notes(
    student, student_api, agent_first_line, category
):
    ticket = file_ticket(student, category=category)
    ticket_reply(ticket=ticket, body="We are on it", acting_user=agent_first_line)
    ticket_reply(ticket=ticket, body="Secret note", acting_user=agent_first_line, internal=True)
    body = student_api.get(f"/api/v1/requests/{ticket.reference}/").json()
    assert [m["body"] for m in body["messages"]] == ["We are on it"]
    assert [(h["previous_status"], h["status"]) for h in body["status_history"]] == [
        (None, "new"),
        ("new", "in_progress"),
    ]


def test_detail_etag_answers_304_until_something_changes(student, student_api, category):
    ticket = file_ticket(student, category=category)
    url = f"/api/v1/requests/{ticket.reference}/"
    first = student_api.get(url)
    tag = first["ETag"]
    again = student_api.get(url, HTTP_IF_NONE_MATCH=tag)
    assert again.status_code == 304
    assert again.content == b""
    ticket_reply(ticket=ticket, body="Any news?", acting_user=student)
    changed = student_api.get(url, HTTP_IF_NONE_MATCH=tag)
    assert changed.status_code == 200
    assert changed["ETag"] != tag


def test_category_tree_with_etag(student_api, category):
    CategoryFactory(name_en="Inactive", is_active=False)
    response = student_api.get("/api/v1/categories/")
    names = [c["name"] for g in response.json()["groups"] for c in g["categories"]]
    assert names == ["Wi-Fi and network"]
    assert (
        student_api.get("/api/v1/categories/", HTTP_IF_NONE_MATCH=response["ETag"]).status_code
        == 304
    )


def test_reply_with_attachment_and_add_attachment(student, student_api, category):
    ticket = file_ticket(student, category=category)
    upload = SimpleUploadedFile("log.txt", b"log", content_type="text/plain")
    reply = student_api.post(
        f"/api/v1/requests/{ticket.reference}/replies/",
        {"body": "Here is the log", "attachments": [upload]},
        format="multipart",
    )
    assert reply.status_code == 201
    assert reply.json()["attachments"][0]["name"] == "log.txt"
    extra = SimpleUploadedFile("more.pdf", b"%PDF", content_type="application/pdf")
    added = student_api.post(
        f"/api/v1/requests/{ticket.reference}/attachments/",
        {"attachments": [extra]},
        format="multipart",
    )
    assert added.status_code == 201
    download = student_api.get(added.json()[0]["url"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF"


def test_empty_reply_is_refused_next_to_the_field(student, student_api, category):
    ticket = file_ticket(student, category=category)
    response = student_api.post(
        f"/api/v1/requests/{ticket.reference}/replies/", {"body": ""}, format="json"
    )
    assert response.status_code == 400
    assert "body" in response.json()["fields"]


def test_confirm_resolution_closes_the_request(student, student_api, category):
    ticket = file_ticket(student, category=category)
    url = f"/api/v1/requests/{ticket.reference}/confirm/"
    refused = student_api.post(url)
    assert refused.status_code == 400
    assert refused.json()["fields"]["non_field_errors"][0]["code"] == "not_resolved"
    ticket_set_status(ticket=ticket, status=TicketStatus.RESOLVED, acting_user=None)
    response = student_api.post(url)
    assert response.status_code == 200
    assert response.json()["status"] == "closed"


def test_reopen_a_resolved_request_with_a_message(student, student_api, category):
    ticket = file_ticket(student, category=category)
    ticket_set_status(ticket=ticket, status=TicketStatus.RESOLVED, acting_user=None)
    response = student_api.post(
        f"/api/v1/requests/{ticket.reference}/reopen/", {"body": "Still broken"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["status"] == "in_progress"
    assert response.json()["messages"][-1]["body"] == "Still broken"


def test_someone_elses_request_and_attachment_answer_404(
    student, other_student, category, student_api
):
    upload = SimpleUploadedFile("private.txt", b"secret", content_type="text/plain")
    theirs = file_ticket(other_student, category=category, uploads=[upload])
    attachment = theirs.attachments.get()
    base = f"/api/v1/requests/{theirs.reference}/"
    checks = [
        student_api.get(base),
        student_api.post(base + "replies/", {"body": "hi"}, format="json"),
        student_api.post(base + "confirm/"),
        student_api.post(base + "reopen/", {"body": "hi"}, format="json"),
        student_api.post(base + "attachments/", {}, format="multipart"),
        student_api.get(f"/api/v1/attachments/{attachment.pk}/"),
        student_api.get("/api/v1/requests/SD-0000-000000/"),
    ]
    assert [r.status_code for r in checks] == [404] * len(checks)
    assert {r.json()["code"] for r in checks} == {"not_found"}
    assert theirs.messages.count() == 0


def session_queries() -> int:
    """Looking up the token's session: none when Redis caches it (cached_db);
    on database sessions allauth checks that it exists, then loads it (two)."""
    from django.conf import settings

    return 0 if settings.SESSION_ENGINE.endswith("cached_db") else 2


def throttle_queries() -> int:
    """The throttle's atomic count: in Redis when there is one, else one upsert in the database."""
    from django.conf import settings

    return 0 if settings.REDIS_URL else 1


def _seed(user, count, category):
    for n in range(count):
        ticket = file_ticket(user, category=category, subject=f"Request {n}")
        ticket_reply(ticket=ticket, body="More", acting_user=user)


@pytest.mark.parametrize("count", [1, 50])
def test_my_requests_query_count_is_constant(student, category, count, django_assert_num_queries):
    _seed(student, count, category)
    client = app_client(student)
    # (session,) user, AUP gate, one page of requests with their category
    with django_assert_num_queries(3 + session_queries() + throttle_queries()):
        response = client.get("/api/v1/requests/")
    assert len(response.json()["results"]) == min(count, 25)


@pytest.mark.parametrize("count", [1, 50])
def test_request_detail_query_count_is_constant(
    student, category, count, django_assert_num_queries, settings
):
    settings.TICKETS_REVISION_CACHE = True  # its default with Redis; this pass may have none
    ticket = file_ticket(student, category=category)
    for n in range(count):
        upload = SimpleUploadedFile(f"f{n}.txt", b"x", content_type="text/plain")
        ticket_reply(ticket=ticket, body=f"Reply {n}", acting_user=student, uploads=[upload])
    client = app_client(student)
    # (session,) user, AUP gate, ticket, messages, every file (the messages' and the
    # initial ones, one query), history
    with django_assert_num_queries(6 + session_queries() + throttle_queries()):
        response = client.get(f"/api/v1/requests/{ticket.reference}/")
    assert len(response.json()["messages"]) == count
    # Read again unchanged: the messages and files are kept for the request's
    # revision (tickets/revision_cache.py), and the AUP gate remembers the answer
    # in the session: (session,) user, ticket, history
    with django_assert_num_queries(3 + session_queries() + throttle_queries()):
        again = client.get(f"/api/v1/requests/{ticket.reference}/")
    assert again.json() == response.json()


def test_request_detail_shows_a_new_reply_and_a_cleared_file_at_once(student, category):
    upload = SimpleUploadedFile("log.txt", b"x", content_type="text/plain")
    ticket = file_ticket(student, category=category, uploads=[upload])
    client = app_client(student)
    first = client.get(f"/api/v1/requests/{ticket.reference}/").json()
    assert first["messages"] == [] and len(first["attachments"]) == 1
    ticket_reply(ticket=ticket, body="Which laptop is it?", acting_user=None)
    second = client.get(f"/api/v1/requests/{ticket.reference}/").json()
    assert [message["body"] for message in second["messages"]] == ["Which laptop is it?"]
    ticket.attachments.all().delete()  # as an agent removing a wrong file
    assert client.get(f"/api/v1/requests/{ticket.reference}/").json()["attachments"] == []


def test_request_detail_without_files_reads_no_files(student, category, django_assert_num_queries):
    ticket = file_ticket(student, category=category)
    ticket_reply(ticket=ticket, body="No file here", acting_user=student)
    client = app_client(student)
    # as above, but the ticket is read with whether it has files: no files query
    with django_assert_num_queries(5 + session_queries() + throttle_queries()):
        response = client.get(f"/api/v1/requests/{ticket.reference}/")
    body = response.json()
    assert [message["body"] for message in body["messages"]] == ["No file here"]
    assert body["attachments"] == []
