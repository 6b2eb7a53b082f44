"""The survey mail: once per resolved request, after the delay, respecting opt-out."""

from datetime import timedelta

import pytest

from core import clock
from notifications.models import OutboxMail
from notifications.preferences import OPTIONAL_KINDS, mail_preferences_set
from surveys.models import SurveyInvitation
from surveys.services import surveys_send_due
from tickets.models import DeskSettings

from .helpers import after_delay, answer_link, resolved_ticket, send_surveys, survey_mail

pytestmark = pytest.mark.django_db


def test_no_survey_before_the_delay(student, agent_first_line):
    ticket = resolved_ticket(student, agent_first_line)
    assert surveys_send_due(now=after_delay(-timedelta(minutes=5))) == 0
    assert not SurveyInvitation.objects.filter(ticket=ticket).exists()


def test_exactly_one_survey_mail_even_if_the_job_runs_twice(student, agent_first_line):
    ticket = resolved_ticket(student, agent_first_line)
    assert send_surveys() == 1
    assert send_surveys() == 0
    mail = survey_mail(ticket)  # .get(): exactly one
    assert SurveyInvitation.objects.get(ticket=ticket).mail == mail
    assert [answer_link(mail, score).startswith("/survey/") for score in range(1, 6)] == [True] * 5


def test_survey_is_in_the_requesters_language_with_the_leads_text(student, agent_first_line):
    settings_row = DeskSettings.load()
    settings_row.survey_text_en = "Tell the IT desk how we did."
    settings_row.survey_delay_hours = 2
    settings_row.save()
    student.preferred_language = "en"
    student.save()
    ticket = resolved_ticket(student, agent_first_line)
    assert surveys_send_due(now=clock.now() + timedelta(hours=1)) == 0
    assert surveys_send_due(now=clock.now() + timedelta(hours=2, minutes=1)) == 1
    mail = survey_mail(ticket)
    assert mail.language == "en"
    assert "Tell the IT desk how we did." in mail.body_text
    assert "5: very satisfied" in mail.body_text


def test_a_requester_who_switched_surveys_off_gets_none(student, agent_first_line):
    enabled = [kind for kind in OPTIONAL_KINDS if kind != "survey"]
    mail_preferences_set(user=student, enabled_kinds=enabled, acting_user=student)
    ticket = resolved_ticket(student, agent_first_line)
    assert send_surveys() == 1  # handled: recorded as skipped, not asked again
    assert send_surveys() == 0
    assert SurveyInvitation.objects.get(ticket=ticket).mail is None
    assert not OutboxMail.objects.filter(event="ticket_survey").exists()


def test_a_guest_gets_the_survey_at_their_address(agent_first_line):
    ticket = resolved_ticket(None, agent_first_line, requester_email="kim@example.net")
    send_surveys()
    assert survey_mail(ticket).recipient_email == "kim@example.net"


def test_already_rated_or_long_resolved_requests_get_no_survey(student, agent_first_line):
    from tickets.services import ticket_rate

    rated = resolved_ticket(student, agent_first_line)
    ticket_rate(ticket=rated, score=5, comment="", acting_user=student)
    old = resolved_ticket(student, agent_first_line)
    assert surveys_send_due(now=after_delay(timedelta(days=8))) == 0
    assert not OutboxMail.objects.filter(event="ticket_survey").exists()
    assert old.rating is None


def test_the_beat_task_run_twice_sends_one_survey(student, agent_first_line):
    import time_machine

    from surveys.tasks import send_due_surveys

    ticket = resolved_ticket(student, agent_first_line)
    with time_machine.travel(after_delay()):
        assert send_due_surveys.apply().get() == 1
        assert send_due_surveys.apply().get() == 0
    mails = OutboxMail.objects.filter(event="ticket_survey", thread_key=ticket.reference)
    assert mails.count() == 1


def test_a_guest_who_opted_out_by_the_mails_link_gets_no_more_surveys(client, agent_first_line):
    import re

    first = resolved_ticket(None, agent_first_line, requester_email="Kim@Example.net")
    send_surveys()
    stop = re.search(r"(/survey/stop/\S+/)", survey_mail(first).body_text).group(1)
    assert client.get(stop).status_code == 200  # asks only: a prefetcher changes nothing
    assert send_surveys() == 0
    second = resolved_ticket(None, agent_first_line, requester_email="kim@example.net")
    client.post(stop)
    client.post(stop)  # twice: still one opt-out
    assert send_surveys() == 1
    assert SurveyInvitation.objects.get(ticket=second).mail is None
    assert OutboxMail.objects.filter(event="ticket_survey").count() == 1
    assert client.get("/survey/stop/forged/").status_code == 400
