"""One announcement instead of hundreds of requests: affected people, updates, resolving."""

import pytest
from django.core.exceptions import ValidationError

from notifications.models import OutboxMail
from servicestatus import services
from servicestatus.models import AffectedPerson, IncidentUpdate, UpdateDelivery
from tickets.choices import TicketStatus
from tickets.models import TicketMessage
from tickets.tests.factories import file_ticket

pytestmark = pytest.mark.django_db


def incident_mails(**filters):
    return OutboxMail.objects.filter(
        event__in=["incident_update", "incident_update_request"], **filters
    )


def fan_out_all():
    for update in IncidentUpdate.objects.filter(sent_at__isnull=True, superseded=False):
        services.update_fan_out(update_id=update.pk)


def test_saying_affected_twice_links_once(incident, student):
    first = services.incident_affected_add(
        incident=incident, email=student.email, user=student, language="nl"
    )
    again = services.incident_affected_add(
        incident=incident, email=student.email.upper(), user=student, language="nl"
    )
    assert (first[1], again[1]) == (True, False)
    assert AffectedPerson.objects.filter(incident=incident).count() == 1


def test_each_update_reaches_every_affected_person_once_in_their_language(
    incident, student, other_student, wifi, agent_first_line
):
    services.incident_affected_add(
        incident=incident, email=student.email, user=student, language="nl"
    )
    services.incident_affected_add(
        incident=incident, email="guest@example.net", user=None, language="en"
    )
    linked = file_ticket(other_student, category=wifi)
    services.incident_link_tickets(
        incident=incident, tickets=[linked], acting_user=agent_first_line
    )
    update = services.incident_post_update(
        incident=incident,
        body_nl="Een switch is stuk; we vervangen hem.",
        body_en="A switch broke; we are replacing it.",
        acting_user=agent_first_line,
    )
    assert services.update_fan_out(update_id=update.pk) == 3
    assert services.update_fan_out(update_id=update.pk) == 0  # a second run sends nothing
    mails = {mail.recipient_email: mail for mail in incident_mails() if "switch" in mail.body_text}
    assert set(mails) == {student.email, "guest@example.net", other_student.email}
    assert "Een switch is stuk" in mails[student.email].body_text
    assert "A switch broke" in mails["guest@example.net"].body_text
    assert linked.reference in mails[other_student.email].body_text


def test_resolving_resolves_linked_requests_and_tells_each_requester_once(
    incident, student, wifi, agent_first_line
):
    first = file_ticket(student, category=wifi, subject="Geen wifi")
    second = file_ticket(student, category=wifi, subject="Nog steeds geen wifi")
    services.incident_link_tickets(
        incident=incident, tickets=[first, second], acting_user=agent_first_line
    )
    services.incident_affected_add(
        incident=incident, email=student.email, user=student, language="nl"
    )
    before = OutboxMail.objects.filter(recipient_email=student.email).count()
    services.incident_resolve(
        incident=incident,
        body_nl="De switch is vervangen.",
        body_en="The switch was replaced.",
        acting_user=agent_first_line,
    )
    fan_out_all()
    for ticket in (first, second):
        ticket.refresh_from_db()
        assert ticket.status == TicketStatus.RESOLVED
        assert TicketMessage.objects.filter(ticket=ticket, body="De switch is vervangen.").exists()
    new_mails = OutboxMail.objects.filter(recipient_email=student.email).order_by("id")[before:]
    assert [m.event for m in new_mails] == ["incident_update_request"]
    assert first.reference in new_mails[0].body_text and second.reference in new_mails[0].body_text


def test_an_update_still_queued_when_the_incident_closes_is_never_sent(
    incident, student, agent_first_line
):
    services.incident_affected_add(
        incident=incident, email=student.email, user=student, language="nl"
    )
    stale = services.incident_post_update(
        incident=incident,
        body_nl="We werken eraan.",
        body_en="Working on it.",
        acting_user=agent_first_line,
    )
    closing = services.incident_resolve(
        incident=incident, body_nl="Opgelost.", body_en="Fixed.", acting_user=agent_first_line
    )
    assert services.update_fan_out(update_id=stale.pk) == 0
    assert services.update_fan_out(update_id=closing.pk) == 1
    assert [m.body_text.count("Opgelost.") for m in incident_mails()] == [1]


def test_a_resolved_incident_takes_no_more_updates_or_affected_people(
    incident, student, agent_first_line
):
    services.incident_resolve(
        incident=incident, body_nl="Opgelost.", body_en="Fixed.", acting_user=agent_first_line
    )
    with pytest.raises(ValidationError):
        services.incident_post_update(
            incident=incident, body_nl="x", body_en="x", acting_user=agent_first_line
        )
    with pytest.raises(ValidationError):
        services.incident_affected_add(
            incident=incident, email=student.email, user=student, language="nl"
        )


def test_five_hundred_linked_requesters_get_exactly_five_hundred_mails_despite_a_crash(
    incident, wifi, agent_first_line, monkeypatch
):
    """A worker dying inside a batch loses that batch's work; the next run sends the rest."""
    from core import clock
    from servicestatus.models import AffectedPerson as Person

    Person.objects.bulk_create(
        Person(
            incident=incident,
            email=f"student{n:03d}@student.example.org",
            language="nl",
            created_at=clock.now(),
        )
        for n in range(500)
    )
    update = services.incident_post_update(
        incident=incident, body_nl="Nieuws.", body_en="News.", acting_user=agent_first_line
    )
    from servicestatus import mail

    real_notify = mail.notify
    calls = {"n": 0}

    def dying_notify(**kwargs):
        calls["n"] += 1
        if calls["n"] == 250:  # mid-way through the second batch
            raise SystemExit("worker killed")
        return real_notify(**kwargs)

    monkeypatch.setattr(mail, "notify", dying_notify)
    with pytest.raises(SystemExit):
        services.update_fan_out(update_id=update.pk)
    assert UpdateDelivery.objects.filter(update=update).count() == 200  # the first batch held
    monkeypatch.setattr(mail, "notify", real_notify)
    services.update_fan_out(update_id=update.pk)
    mails = incident_mails(body_text__contains="Nieuws.")
    assert mails.count() == 500
    assert mails.values("recipient_email").distinct().count() == 500


def _people(incident, count: int, start: int = 0) -> None:
    from core import clock

    AffectedPerson.objects.bulk_create(
        AffectedPerson(
            incident=incident,
            email=f"person{n:05d}@example.org",
            language="en",
            created_at=clock.now(),
        )
        for n in range(start, start + count)
    )


def test_each_fan_out_batch_reads_one_keyset_page_of_the_affected(incident, agent_first_line):
    """The tenth batch costs what the first did: no query reads the whole incident."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _people(incident, 100)
    fan_out_all()  # the first update, posted before anyone was affected
    update = services.incident_post_update(
        incident=incident, body_nl="Nieuws.", body_en="News.", acting_user=agent_first_line
    )
    with CaptureQueriesContext(connection) as run:
        assert services.update_fan_out(update_id=update.pk, batch=10) == 100
    selects = [q["sql"] for q in run.captured_queries if q["sql"].startswith("SELECT")]
    people = [sql for sql in selects if 'FROM "servicestatus_affectedperson"' in sql]
    assert len(people) == 11  # ten full pages and the empty one that ends the source
    for sql in people:
        assert "LIMIT 10" in sql and '"servicestatus_affectedperson"."id" >' in sql, sql
    served = [sql for sql in selects if 'FROM "servicestatus_updatedelivery"' in sql]
    assert served and all(" IN (" in sql for sql in served)  # only the page's addresses
    assert incident_mails(body_text__contains="News.").count() == 100


def test_a_killed_fan_out_resumes_after_its_last_committed_batch(
    incident, agent_first_line, monkeypatch
):
    from servicestatus import mail
    from servicestatus.models import AffectedPerson as Person

    _people(incident, 35)
    fan_out_all()
    update = services.incident_post_update(
        incident=incident, body_nl="Nieuws.", body_en="News.", acting_user=agent_first_line
    )
    real_notify = mail.notify
    calls = {"n": 0}

    def dying_notify(**kwargs):
        calls["n"] += 1
        if calls["n"] == 15:  # inside the second batch of ten
            raise SystemExit("worker killed")
        return real_notify(**kwargs)

    monkeypatch.setattr(mail, "notify", dying_notify)
    with pytest.raises(SystemExit):
        services.update_fan_out(update_id=update.pk, batch=10)
    update.refresh_from_db()
    tenth = Person.objects.filter(incident=incident).order_by("pk")[9]
    assert (update.fan_out_source, update.fan_out_after) == (services.AFFECTED, tenth.pk)
    assert UpdateDelivery.objects.filter(update=update).count() == 10
    monkeypatch.setattr(mail, "notify", real_notify)
    assert services.update_fan_out(update_id=update.pk, batch=10) == 25
    mails = incident_mails(body_text__contains="News.")
    assert mails.count() == mails.values("recipient_email").distinct().count() == 35


def test_one_mail_per_address_whichever_sources_and_batches_name_it(
    incident, eduroam, student, other_student, wifi, agent_first_line
):
    """Two linked requests far apart, a subscription and "affected too": one mail naming both."""
    from core import clock
    from servicestatus.models import Subscription

    first = file_ticket(student, category=wifi, subject="Geen wifi")
    between = file_ticket(other_student, category=wifi)
    second = file_ticket(student, category=wifi, subject="Nog steeds geen wifi")
    services.incident_link_tickets(
        incident=incident, tickets=[first, between, second], acting_user=agent_first_line
    )
    Subscription.objects.create(
        service=eduroam,
        email=student.email.upper(),
        language="nl",
        created_at=clock.now(),
        confirmed_at=clock.now(),
    )
    services.incident_affected_add(
        incident=incident, email=student.email, user=student, language="nl"
    )
    fan_out_all()
    update = services.incident_post_update(
        incident=incident, body_nl="Nieuws.", body_en="News.", acting_user=agent_first_line
    )
    assert services.update_fan_out(update_id=update.pk, batch=1) == 2  # one page = one row
    got = incident_mails(body_text__contains="Nieuws.", recipient_email__iexact=student.email)
    (mail,) = got
    assert mail.event == "incident_update_request"
    assert first.reference in mail.body_text and second.reference in mail.body_text
