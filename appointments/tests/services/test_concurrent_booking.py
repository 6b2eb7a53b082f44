"""50 requesters race for one slot: exactly one wins, 49 hear it was taken."""

import threading

import pytest
from django.db import connection, connections

from tickets.tests.factories import file_ticket

from ... import selectors
from ...models import Appointment, AppointmentStatus
from ...services import SlotTaken, appointment_book, appointment_offer

RACERS = 50

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs real concurrent connections"
    ),
]


def test_fifty_concurrent_bookings_of_one_slot(schedule, category, agent_first_line):
    from accounts.tests.factories import StudentFactory

    tickets = []
    for n in range(RACERS):
        requester = StudentFactory(username=f"racer-{n}")
        ticket = file_ticket(requester, category=category)
        appointment_offer(ticket=ticket, channel="desk", acting_user=agent_first_line)
        tickets.append((ticket, requester))
    slot = selectors.bookable_slots(schedule=schedule)[0]
    barrier = threading.Barrier(RACERS)
    outcomes: list[str] = []
    lock = threading.Lock()

    def book(ticket, requester) -> None:
        try:
            barrier.wait()
            appointment_book(ticket=ticket, starts_at=slot.starts_at, acting_user=requester)
            result = "booked"
        except SlotTaken:
            result = "taken"
        except Exception as exc:
            result = f"error: {type(exc).__name__}: {exc}"
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=book, args=pair) for pair in tickets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert sorted(set(outcomes)) == ["booked", "taken"], outcomes
    assert outcomes.count("booked") == 1
    assert outcomes.count("taken") == RACERS - 1
    booked = Appointment.objects.filter(status=AppointmentStatus.BOOKED)
    assert booked.count() == 1
    assert booked.get().starts_at == slot.starts_at
