"""Every optional mail obeys its preference: switched off, nothing is sent.

Parametrised over the registry (``notifications.kinds.OPTIONAL_EVENTS``): a
new optional mail without a case in ``SEND`` fails here until someone shows
how it is sent. Each case first sends the mail with the kind on (so the
"nothing sent" below is not true by accident), then with it off, through
the real job that sends it.
"""

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from appointments.services import appointment_book, appointments_send_reminders
from appointments.tests.factories import category_for, open_schedule
from core.business_hours import DESK_ZONE
from notifications.kinds import OPTIONAL_EVENTS, OPTIONAL_KINDS
from notifications.models import OutboxMail
from notifications.preferences import mail_preferences_set
from surveys.tests.helpers import resolved_ticket, send_surveys
from tickets.tests.factories import file_ticket

pytestmark = pytest.mark.django_db

MONDAY_9 = datetime(2027, 3, 22, 8, 0, tzinfo=UTC)


def _survey(requester, agent, n: int) -> None:
    resolved_ticket(requester, agent)
    send_surveys()


def _appointment_reminder(requester, agent, n: int) -> None:
    schedule = open_schedule(agents=[agent])
    schedule.desk.agents.add(agent)
    starts_at = datetime(2027, 3, 23, 10 + n, 0, tzinfo=DESK_ZONE)
    with time_machine.travel(MONDAY_9, tick=False):
        ticket = file_ticket(requester, category=category_for(schedule))
        appointment_book(ticket=ticket, starts_at=starts_at, channel="phone", acting_user=agent)
    with time_machine.travel(starts_at - timedelta(hours=1), tick=False):
        appointments_send_reminders()


def _incident_update(requester, agent, n: int) -> None:
    from servicestatus import services as status
    from servicestatus.models import Service
    from tickets.tests.factories import DeskFactory

    service = Service.objects.create(
        slug=f"eduroam-{n}", name_nl="Eduroam", name_en="Eduroam", desk=DeskFactory()
    )
    incident = status.incident_open(
        title_nl="Eduroam ligt plat", title_en="Eduroam is down", services=[service],
        acting_user=agent,
    )  # fmt: skip
    status.incident_affected_add(
        incident=incident, email=requester.email, user=requester, language="nl"
    )
    update = status.incident_post_update(
        incident=incident, body_nl="We zoeken.", body_en="Looking.", acting_user=agent
    )
    status.update_fan_out(update_id=update.pk)


# How each optional mail is sent for real, by event: (requester, agent, n-th time) -> None.
SEND: dict[str, Callable] = {
    "ticket_survey": _survey,
    "appointment_reminder": _appointment_reminder,
    "incident_update": _incident_update,
}


def _sent(event: str) -> list[tuple[str, str]]:
    return list(
        OutboxMail.objects.filter(event=event).values_list("recipient_email", "optional_kind")
    )


@pytest.mark.parametrize("event", sorted(OPTIONAL_EVENTS))
def test_a_switched_off_kind_sends_nothing(event, student, alumnus, agent_first_line):
    if event not in SEND:
        pytest.fail(f"optional mail {event!r} has no case here: add how it is sent to SEND")
    kind = OPTIONAL_EVENTS[event]
    # On (the default): the mail goes out, marked with its kind.
    SEND[event](alumnus, agent_first_line, 0)
    assert _sent(event) == [(alumnus.email, kind)]
    # Off, every other kind on: not one mail of this event.
    others = [other for other in OPTIONAL_KINDS if other != kind]
    mail_preferences_set(user=student, enabled_kinds=others, acting_user=student)
    SEND[event](student, agent_first_line, 1)
    assert _sent(event) == [(alumnus.email, kind)]
