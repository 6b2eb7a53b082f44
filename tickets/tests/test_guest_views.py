"""Filing without an account, and following the request through the private link."""

import re
import uuid

import pytest
from django.test import Client

from tickets.links import private_link_path
from tickets.models import Ticket
from tickets.tests.factories import CategoryFactory, file_ticket
from tickets.tests.mail import outbox_for


@pytest.fixture
def category(db):
    return CategoryFactory()


def guest_data(category, **extra):
    return {
        "name": "Pat Visitor",
        "email": "pat@example.net",
        "number": "q1234567",
        "category": category.pk,
        "subject": "I cannot log in at all",
        "description": "My password no longer works and I have no alternate address.",
        "impact": "1",
        "urgency": "2",
        **extra,
    }


@pytest.mark.django_db
def test_guest_files_and_gets_reference_and_private_link_by_mail(
    client, category, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks():
        response = client.post("/requests/new/", guest_data(category))
    assert response["Location"] == "/requests/filed/"
    ticket = Ticket.objects.get()
    assert (ticket.requester, ticket.requester_name, ticket.requester_number) == (
        None,
        "Pat Visitor",
        "Q1234567",
    )
    html = client.get("/requests/filed/").content.decode()
    assert ticket.reference in html
    (mail,) = outbox_for(ticket.reference)
    assert mail.recipient_email == "pat@example.net"
    assert ticket.reference in mail.subject
    assert re.search(r"/requests/link/[^/\s]+/", mail.body_text)


@pytest.mark.django_db
def test_guest_form_needs_name_and_a_valid_email_and_number(client, category):
    html = client.post(
        "/requests/new/", guest_data(category, name="", email="nope", number="12")
    ).content.decode()
    assert Ticket.objects.count() == 0
    for field in ("name", "email", "number"):
        assert f'id="id_{field}_error"' in html


@pytest.mark.django_db
def test_private_link_moves_access_into_the_session_and_lets_them_answer(client):
    ticket = file_ticket(None)
    response = client.get(private_link_path(ticket))
    assert response.status_code == 302
    assert response["Location"] == f"/requests/guest/{ticket.reference}/"
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    html = client.get(response["Location"]).content.decode()
    assert ticket.subject in html
    reply = client.post(f"/requests/guest/{ticket.reference}/reply/", {"body": "Any news?"})
    assert reply.status_code == 302
    message = ticket.messages.get()
    assert (message.body, message.author, message.author_name) == (
        "Any news?",
        None,
        "Guest Person",
    )


@pytest.mark.django_db
def test_without_the_link_the_guest_page_answers_404(client):
    ticket = file_ticket(None)
    assert client.get(f"/requests/guest/{ticket.reference}/").status_code == 404
    assert (
        client.post(f"/requests/guest/{ticket.reference}/reply/", {"body": "x"}).status_code == 404
    )
    assert client.get("/requests/filed/").status_code == 404


@pytest.mark.django_db
def test_a_tampered_or_revoked_link_answers_404(client):
    ticket = file_ticket(None)
    path = private_link_path(ticket)
    assert client.get(path[:-3] + "xx/").status_code == 404
    Ticket.objects.filter(pk=ticket.pk).update(access_key="rotated")
    assert client.get(path).status_code == 404


@pytest.mark.django_db
def test_one_link_opens_only_its_own_request(client):
    mine, other = file_ticket(None), file_ticket(None)
    client.get(private_link_path(mine))
    assert client.get(f"/requests/guest/{mine.reference}/").status_code == 200
    assert client.get(f"/requests/guest/{other.reference}/").status_code == 404
    assert Client().get(f"/requests/guest/{mine.reference}/").status_code == 404


def _stranger_ip() -> str:
    """A client address no other test (or earlier run on the same Redis) used."""
    value = uuid.uuid4().int
    return f"10.{value % 250}.{value // 250 % 250}.{value // 62500 % 250 + 1}"


@pytest.mark.django_db
def test_guest_filing_is_limited_per_client_and_keeps_what_was_typed(client, category, settings):
    settings.TICKETS_GUEST_RATE_LIMIT = (2, 3600)
    ip = _stranger_ip()
    for n in range(2):
        data = guest_data(category, email=f"limit-{n}-{ip}@example.net")
        assert client.post("/requests/new/", data, REMOTE_ADDR=ip).status_code == 302
    data = guest_data(category, email=f"limit-third-{ip}@example.net", subject="Third try")
    response = client.post("/requests/new/", data, REMOTE_ADDR=ip)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Er werden hier of voor dit e-mailadres te veel aanvragen" in html
    assert 'value="Third try"' in html  # what was typed is kept
    assert Ticket.objects.count() == 2
    # Another client is not held back by this one.
    other = guest_data(category, email=f"limit-other-{ip}@example.net")
    assert client.post("/requests/new/", other, REMOTE_ADDR=_stranger_ip()).status_code == 302


@pytest.mark.django_db
def test_guest_filing_is_limited_per_email_address_across_clients(client, category, settings):
    settings.TICKETS_GUEST_RATE_LIMIT = (2, 3600)
    email = f"target-{uuid.uuid4().hex[:12]}@example.net"
    for _ in range(2):
        data = guest_data(category, email=email)
        assert client.post("/requests/new/", data, REMOTE_ADDR=_stranger_ip()).status_code == 302
    response = client.post(
        "/requests/new/", guest_data(category, email=email), REMOTE_ADDR=_stranger_ip()
    )
    assert response.status_code == 200
    assert Ticket.objects.filter(requester_email=email).count() == 2
