"""One tone and one set of conventions per language."""

import re

import pytest
from django.utils import translation

from accounts.tests.factories import StudentFactory
from accounts.tests.helpers import last_body
from knowledgebase.demo import seed_demo_knowledgebase
from servicedesk.allauth_wording import ALLAUTH_MESSAGES
from tickets.tests.factories import file_ticket

FORMAL_DUTCH = re.compile(
    r"\b(alstublieft|a\.u\.b\.|uw|u)\b|Bevestigings e-mail|wijziging geslaagd"
)


def test_allauth_messages_speak_informal_dutch():
    with translation.override("nl"):
        for message in ALLAUTH_MESSAGES:
            dutch = translation.gettext(message)
            assert dutch != message, message
            assert not FORMAL_DUTCH.search(dutch), dutch
        assert (
            translation.gettext("Password successfully changed.") == "Je wachtwoord is gewijzigd."
        )


@pytest.mark.django_db
def test_allauth_mails_greet_with_the_portals_name_not_the_host(client):
    StudentFactory(username="withalt", alternate_email="sam.private@example.net")
    client.post("/accounts/password/reset/", {"email": "sam.private@example.net"})
    body = last_body("sam.private@example.net")
    assert body.startswith("Hallo, hier is de ICT-servicedesk.")
    assert "testserver" not in body.split("\n", 1)[0]
    assert "Vriendelijke groeten,\nde ICT-servicedesk" in body


@pytest.mark.django_db
def test_english_dates_are_day_month_with_a_24_hour_clock(client, student):
    ticket = file_ticket(student)
    client.force_login(student)
    html = client.get(f"/requests/{ticket.reference}/?lang=en").content.decode()
    shown = re.findall(r"<time datetime=\"[^\"]+\">([^<]+)</time>", html)
    assert shown
    for text in shown:
        assert re.fullmatch(r"\d\d/\d\d/\d{4} \d\d:\d\d", text), text
    assert "a.m." not in html and "p.m." not in html


@pytest.mark.django_db
def test_no_label_says_optional_twice(client, student):
    html = client.get("/requests/new/?lang=nl").content.decode()
    assert "(optioneel) (optioneel)" not in html
    assert "(niet verplicht)" not in html
    assert "Stamnummer of alumninummer" in html


@pytest.mark.django_db
def test_an_article_asks_was_this_helpful_once(client):
    seed_demo_knowledgebase()
    html = client.get("/kb/articles/forgot-password/?lang=nl").content.decode()
    assert html.count("Had je hier iets aan?") == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "button", "status"),
    [("nl", "Bestanden kiezen", "Geen bestand gekozen"), ("en", "Choose files", "No file chosen")],
)
def test_the_file_input_is_labelled_in_the_pages_language(client, language, button, status):
    html = client.get(f"/requests/new/?lang={language}").content.decode()
    label = re.search(r'<label for="id_attachments"[^>]*id="id_attachments_button">([^<]*)<', html)
    assert label.group(1) == button
    assert f">{status}</span>" in html


@pytest.mark.django_db
def test_demo_content_says_stamnummer_only():
    from knowledgebase.models import Article, ManualStep

    seed_demo_knowledgebase()
    texts = [a.body_nl + a.title_nl for a in Article.objects.all()]
    texts += [s.text_nl for s in ManualStep.objects.all()]
    assert any("stamnummer" in text for text in texts)
    assert not any(re.search("student(en)?nummer", text) for text in texts)
