"""Demo availability for the IT help desk and one invitation for the demo student.

Safe to run again: the schedule and location are matched on the desk, and
the invitation is offered only when the student's request has none.
"""

from datetime import time

from django.db import transaction

from tickets.models import Desk, Ticket

from .models import AppointmentHours, AppointmentSchedule, Location

HOURS = [(day, time(9), time(12)) for day in range(5)] + [
    (day, time(13, 30), time(16, 30)) for day in (0, 2, 3)
]


@transaction.atomic
def seed_demo_appointments() -> None:
    from accounts.models import User

    from . import selectors, services

    desk = Desk.objects.filter(slug="helpdesk").first()
    agent = User.objects.filter(username="agent1").first()
    if desk is None or agent is None:
        return
    schedule, created = AppointmentSchedule.objects.get_or_create(
        desk=desk, defaults={"slot_minutes": 30, "horizon_days": 14}
    )
    schedule.agents.add(agent)
    if created:
        AppointmentHours.objects.bulk_create(
            AppointmentHours(schedule=schedule, weekday=day, opens=opens, closes=closes)
            for day, opens, closes in HOURS
        )
    Location.objects.get_or_create(
        desk=desk,
        name_nl="ICT-helpdesk, Campus Noord",
        defaults={
            "name_en": "IT help desk, North campus",
            "address": "Gebouw A, gelijkvloers, lokaal 0.12",
        },
    )
    ticket = (
        Ticket.objects.filter(requester__username="student", category__slug="wifi-network")
        .order_by("pk")
        .first()
    )
    if (
        ticket is not None
        and not ticket.appointments.exists()
        and selectors.schedule_for_desk(ticket.desk_id) is not None
    ):
        services.appointment_offer(ticket=ticket, channel="desk", acting_user=agent)
