"""Answering from the mail: no login, one record with the portal, clear refusals."""

import re
from datetime import timedelta

import pytest
import time_machine

from alerts.models import AlertEvent, AlertKind
from alerts.selectors import alert_recipients
from surveys.links import answer_path

from .helpers import answer_link, resolved_ticket, send_surveys, survey_mail

pytestmark = pytest.mark.django_db


@pytest.fixture
def surveyed(student, agent_first_line):
    ticket = resolved_ticket(student, agent_first_line)
    send_surveys()
    return ticket, survey_mail(ticket)


def test_the_link_shows_the_score_and_only_the_post_records_it(client, surveyed):
    ticket, mail = surveyed
    link = answer_link(mail, 4)
    page = client.get(link)
    assert page.status_code == 200
    (checked,) = re.findall(r'<input type="radio"[^>]*checked[^>]*>', page.content.decode())
    assert 'value="4"' in checked
    ticket.refresh_from_db()
    assert ticket.rating is None  # a link prefetcher records nothing

    response = client.post(link, {"score": "4", "comment": "Quick and kind"})
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert (ticket.rating, ticket.rating_comment) == (4, "Quick and kind")
    assert ticket.rated_at is not None


def test_portal_rating_and_survey_write_the_same_record(client, student, surveyed):
    ticket, mail = surveyed
    client.force_login(student)
    client.post(f"/requests/{ticket.reference}/rate/", {"score": "5", "comment": "Portal"})
    ticket.refresh_from_db()
    first_answer = ticket.rated_at
    assert ticket.rating == 5

    client.logout()
    client.post(answer_link(mail, 3), {"score": "3", "comment": "Mail"})
    ticket.refresh_from_db()
    assert (ticket.rating, ticket.rating_comment, ticket.rated_at) == (3, "Mail", first_answer)
    rated = ticket.events.filter(type="rated").order_by("id")
    assert [(e.data["old"], e.data["new"]) for e in rated] == [(None, 5), (5, 3)]


def test_a_second_answer_after_seven_days_is_refused_with_a_clear_page(client, surveyed):
    ticket, mail = surveyed
    client.post(answer_link(mail, 4), {"score": "4"})
    client.cookies["django_language"] = "en"
    with time_machine.travel(timedelta(days=7, minutes=1)):
        page = client.get(answer_link(mail, 1))
        posted = client.post(answer_link(mail, 1), {"score": "1"})
    assert page.status_code == 410
    assert "an answer can be changed for 7 days, and that time has passed" in page.content.decode()
    assert posted.status_code == 410
    ticket.refresh_from_db()
    assert ticket.rating == 4


@pytest.mark.parametrize(
    ("language", "invalid", "expired"),
    [
        ("nl", "Deze enquêtelink is niet geldig", "Deze enquêtelink is verlopen"),
        ("en", "This survey link is not valid", "This survey link has expired"),
    ],
)
def test_bad_links_answer_a_clear_translated_page(
    client, student, agent_first_line, surveyed, language, invalid, expired
):
    ticket, mail = surveyed
    other = resolved_ticket(student, agent_first_line)
    link = answer_link(mail, 5)
    token = link.rstrip("/").rsplit("/", 1)[1]
    client.cookies["django_language"] = language
    tampered = link[:-3] + ("A" if link[-3] != "A" else "B") + "/"
    cases = {
        tampered: 400,
        f"/survey/{other.reference}/{token}/": 400,  # another request's link
        "/survey/R-0/nonsense/": 400,
        answer_path(ticket, 5).replace(ticket.reference, "%00"): 400,
    }
    for path, status in cases.items():
        response = client.get(path)
        assert response.status_code in (status, 404), path
        if response.status_code == status:
            assert invalid in response.content.decode()
    assert client.post(tampered, {"score": "5"}).status_code == 400
    with time_machine.travel(timedelta(days=31)):
        response = client.get(link)
    assert response.status_code == 410
    assert expired in response.content.decode()
    ticket.refresh_from_db()
    other.refresh_from_db()
    assert ticket.rating is None and other.rating is None


def test_ratings_outside_one_to_five_are_refused(client, surveyed):
    ticket, mail = surveyed
    for score in ("0", "6", "9", "five", ""):
        response = client.post(answer_link(mail, 5), {"score": score})
        assert response.status_code == 400
        assert 'id="id_score_error"' in response.content.decode()
    ticket.refresh_from_db()
    assert ticket.rating is None


def test_a_negative_answer_alerts_the_desk_lead_once(client, desk_lead, surveyed):
    ticket, mail = surveyed
    client.post(answer_link(mail, 2), {"score": "2", "comment": "Nobody called back"})
    (event,) = AlertEvent.objects.filter(kind=AlertKind.NEGATIVE_RATING, ticket=ticket)
    assert alert_recipients(event) == [desk_lead]
    client.post(answer_link(mail, 1), {"score": "1"})  # still negative: no second alert
    assert AlertEvent.objects.filter(kind=AlertKind.NEGATIVE_RATING).count() == 1


def test_a_positive_answer_alerts_nobody(client, desk_lead, surveyed):
    _ticket, mail = surveyed
    client.post(answer_link(mail, 4), {"score": "4"})
    assert not AlertEvent.objects.filter(kind=AlertKind.NEGATIVE_RATING).exists()
