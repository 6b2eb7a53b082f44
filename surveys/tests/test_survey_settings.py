"""The lead edits the survey's delay and texts in the desk settings (admin)."""

import pytest
from django.test import Client

from tickets.models import DeskSettings

pytestmark = pytest.mark.django_db

CHANGE = "/admin/tickets/desksettings/1/change/"


def test_lead_sets_the_survey_delay_and_texts(desk_lead):
    client = Client()
    client.force_login(desk_lead)
    response = client.post(
        CHANGE,
        {
            "survey_delay_hours": "48",
            "survey_text_nl": "Hoe deden we het?",
            "survey_text_en": "How did we do?",
        },
    )
    assert response.status_code == 302
    row = DeskSettings.load()
    assert (row.survey_delay_hours, row.survey_text_nl, row.survey_text_en) == (
        48,
        "Hoe deden we het?",
        "How did we do?",
    )


def test_a_delay_beyond_two_weeks_is_refused_with_a_message(desk_lead):
    client = Client()
    client.force_login(desk_lead)
    client.cookies["django_language"] = "en"
    response = client.post(CHANGE, {"survey_delay_hours": "1000"})
    assert response.status_code == 200
    assert "less than or equal to 336" in response.content.decode()
    assert DeskSettings.load().survey_delay_hours == 24


def test_an_agent_cannot_change_the_survey(agent_first_line):
    client = Client()
    client.force_login(agent_first_line)
    assert client.post(CHANGE, {"survey_delay_hours": "1"}).status_code == 403
    assert DeskSettings.load().survey_delay_hours == 24
