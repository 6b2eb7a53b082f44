"""A guest's request reaches an account only on a verified match.

A number typed on the guest form proves nothing: anyone can type someone
else's. A request moves into an account when the guest's address is one of
the account's verified addresses (at login), or when the holder of the
number opens a claim link mailed to the account's own address while logged
in as that account.
"""

import re
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from accounts.tests.factories import DEFAULT_PASSWORD
from api.tests.helpers import app_client
from notifications.models import OutboxMail
from tickets.links import CLAIM_LINK_MAX_AGE, claim_link_path, private_link_path
from tickets.models import Ticket
from tickets.services import ticket_reply
from tickets.tests.factories import CategoryFactory, file_ticket
from tickets.tests.mail import outbox_for

pytestmark = pytest.mark.django_db

ATTACKER = "mallory@example.net"


@pytest.fixture(autouse=True)
def _fresh_throttle_counts():
    """API throttle counts live in the shared cache; each test starts at zero."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def category():
    return CategoryFactory()


def guest_files(client: Client, category, *, email: str, number: str = "") -> Ticket:
    """File as a guest through the real form, as a browser would."""
    response = client.post(
        "/requests/new/",
        {
            "name": "Mallory",
            "email": email,
            "number": number,
            "category": category.pk,
            "subject": "Please reset my password",
            "description": "I lost it.",
            "impact": "1",
            "urgency": "2",
        },
    )
    assert response.status_code == 302, response.content.decode()
    return Ticket.objects.latest("id")


def web_login(client: Client, user) -> None:
    response = client.post("/accounts/login/", {"login": user.email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 302


def mails_to(address: str) -> list[OutboxMail]:
    return list(OutboxMail.objects.filter(recipient_email__iexact=address))


# --- A typed number claims nothing ----------------------------------------


def test_guest_typing_another_students_number_reaches_nothing_of_the_student(
    client, student, category, agent_first_line
):
    ticket = guest_files(client, category, email=ATTACKER, number=student.student_number)
    # The desk answers and the request moves on, before and after the student logs in.
    ticket_reply(ticket=ticket, body="We reset it.", acting_user=agent_first_line)

    browser = Client()
    web_login(browser, student)
    html = browser.get("/requests/?state=all").content.decode()
    assert ticket.reference not in html
    assert browser.get(f"/requests/{ticket.reference}/").status_code == 404
    listed = app_client(student).get("/api/v1/requests/").json()
    assert ticket.reference not in str(listed)

    ticket.refresh_from_db()
    assert ticket.requester is None
    ticket_reply(ticket=ticket, body="Anything else?", acting_user=agent_first_line)
    assert mails_to(student.email) == []
    assert {m.recipient_email for m in outbox_for(ticket.reference)} == {ATTACKER}


def test_a_typed_number_alone_no_longer_claims_for_an_alumnus(client, alumnus):
    ticket = file_ticket(
        None, requester_email="old@example.net", requester_number=alumnus.alumni_number
    )
    web_login(client, alumnus)
    ticket.refresh_from_db()
    assert ticket.requester is None


# --- Claim at login through a verified address ----------------------------


def test_guest_with_the_students_own_verified_address_is_claimed_on_login(
    client, student, category, agent_first_line
):
    ticket = guest_files(Client(), category, email=student.email.upper(), number="")
    web_login(client, student)
    ticket.refresh_from_db()
    assert ticket.requester == student
    assert ticket.reference in client.get("/requests/").content.decode()
    listed = app_client(student).get("/api/v1/requests/").json()
    assert ticket.reference in str(listed)
    assert ticket.events.filter(type="claimed").exists()


def test_after_a_claim_the_desks_mails_go_to_the_accounts_address(
    client, student, agent_first_line
):
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=student, email="private@example.net", verified=True)
    ticket = file_ticket(None, requester_email="private@example.net")
    web_login(client, student)
    ticket_reply(ticket=ticket, body="Done.", acting_user=agent_first_line)
    ticket.refresh_from_db()
    assert ticket.requester_email == student.email
    assert outbox_for(ticket.reference)[-1].recipient_email == student.email


# --- Claim link: asked for by the guest, mailed to the account's address ---


def _ask_for_claim_link(client: Client, ticket: Ticket):
    client.get(private_link_path(ticket))
    return client.post(f"/requests/guest/{ticket.reference}/claim-link/", follow=True)


def _claim_mail(user) -> OutboxMail:
    (mail,) = OutboxMail.objects.filter(event="ticket_claim_link", recipient_email=user.email)
    return mail


def _link_in(mail: OutboxMail) -> str:
    return re.search(r"/requests/claim/[^/\s]+/", mail.body_text).group(0)


def test_claim_link_flow_end_to_end(client, student, category):
    guest = Client()
    # The student files from a private address the portal has never seen.
    ticket = guest_files(
        guest, category, email="sam.private@example.net", number=student.student_number
    )
    page = _ask_for_claim_link(guest, ticket)
    assert page.status_code == 200
    mail = _claim_mail(student)
    assert ticket.reference in mail.subject
    assert ticket.subject not in mail.body_text  # nothing the guest wrote reaches the student

    # Logged out, the link asks for a login first and then goes on.
    response = client.get(_link_in(mail))
    assert response["Location"] == "/requests/claim/"  # the token leaves the address bar
    assert client.get("/requests/claim/")["Location"].startswith("/accounts/login/")
    web_login(client, student)
    confirm = client.get("/requests/claim/")
    assert confirm.status_code == 200
    assert ticket.reference in confirm.content.decode()
    ticket.refresh_from_db()  # nothing is claimed by merely opening the link
    assert ticket.requester is None

    done = client.post("/requests/claim/")
    assert done.status_code == 302
    assert done["Location"] == f"/requests/{ticket.reference}/"
    ticket.refresh_from_db()
    assert (ticket.requester, ticket.requester_email) == (student, student.email)
    assert ticket.reference in client.get("/requests/").content.decode()
    # The guest's access ends; the old private link now leads to the owner's page.
    assert guest.get(f"/requests/guest/{ticket.reference}/").status_code == 404
    assert guest.get(private_link_path(ticket))["Location"] == f"/requests/{ticket.reference}/"
    assert guest.get(f"/requests/{ticket.reference}/")["Location"].startswith("/accounts/login/")


def test_asking_for_a_claim_link_says_the_same_for_any_number(client, student, category):
    known = guest_files(client, category, email=ATTACKER, number=student.student_number)
    unknown = guest_files(client, category, email=ATTACKER, number="7654321")
    known_page = _ask_for_claim_link(client, known).content.decode()
    unknown_page = _ask_for_claim_link(client, unknown).content.decode()
    strip = lambda html: html.replace(known.reference, "X").replace(unknown.reference, "X")  # noqa: E731
    message = re.compile(r'<div class="messages".*?</div>', re.S)
    assert message.findall(strip(known_page)) == message.findall(strip(unknown_page))
    assert message.findall(strip(known_page)), "the guest gets an answer"
    # Only the account on file hears of it, and only with a link, not the request.
    assert [m.event for m in mails_to(student.email)] == ["ticket_claim_link"]


def test_claim_link_opened_by_another_account_claims_nothing(
    client, student, other_student, category
):
    ticket = file_ticket(None, requester_number=student.student_number)
    _ask_for_claim_link(Client(), ticket)
    client.get(_link_in(_claim_mail(student)))
    web_login(client, other_student)
    response = client.post("/requests/claim/")
    assert response.status_code == 400
    assert "naar een ander account gestuurd" in response.content.decode()
    ticket.refresh_from_db()
    assert ticket.requester is None


def test_expired_claim_link_claims_nothing_and_says_so(client, student, category):
    ticket = file_ticket(None, requester_number=student.student_number)
    with time_machine.travel(timezone.now() - CLAIM_LINK_MAX_AGE - timedelta(minutes=1)):
        _ask_for_claim_link(Client(), ticket)
    web_login(client, student)
    client.get(_link_in(_claim_mail(student)))
    response = client.post("/requests/claim/")
    assert response.status_code == 400
    assert "Deze link is verlopen" in response.content.decode()
    ticket.refresh_from_db()
    assert ticket.requester is None


def test_tampered_claim_link_claims_nothing(client, student):
    ticket = file_ticket(None, requester_number=student.student_number)
    web_login(client, student)
    # The student's own link, with its signature altered.
    forged = claim_link_path(ticket, student)[:-8] + "AAAAAAA/"
    client.get(forged)
    response = client.get("/requests/claim/")
    assert response.status_code == 400
    assert "Deze link is niet (meer) geldig" in response.content.decode()
    assert client.post("/requests/claim/").status_code == 400
    ticket.refresh_from_db()
    assert ticket.requester is None


def test_claim_link_dies_once_used(client, student):
    ticket = file_ticket(None, requester_number=student.student_number)
    path = claim_link_path(ticket, student)
    web_login(client, student)
    client.get(path)
    assert client.post("/requests/claim/").status_code == 302
    client.get(path)
    assert client.post("/requests/claim/").status_code == 400


def test_claim_link_is_not_sent_twice_in_a_row(student):
    ticket = file_ticket(None, requester_number=student.student_number)
    guest = Client()
    _ask_for_claim_link(guest, ticket)
    _ask_for_claim_link(guest, ticket)
    assert len(mails_to(student.email)) == 1


def test_a_stranger_cannot_ask_for_a_claim_link(client, student):
    ticket = file_ticket(None, requester_number=student.student_number)
    response = client.post(f"/requests/guest/{ticket.reference}/claim-link/")
    assert response.status_code == 404
    assert mails_to(student.email) == []
