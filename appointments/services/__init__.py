"""Every change to an appointment goes through a function here.

``access``: who may act, and what a requester can still do online;
``booking``: offer, book and reschedule (the no-double-booking guard), and
the requester's "choose a time" that does one or the other;
``lifecycle``: cancel, mark done or no-show, and the reminder job.
"""

from .booking import (
    Chosen,
    SlotTaken,
    appointment_book,
    appointment_choose,
    appointment_offer,
    appointment_reschedule,
)
from .checks import RequesterOptions, requester_options
from .lifecycle import appointment_cancel, appointment_mark, appointments_send_reminders

__all__ = [
    "Chosen",
    "RequesterOptions",
    "SlotTaken",
    "appointment_book",
    "appointment_cancel",
    "appointment_choose",
    "appointment_mark",
    "appointment_offer",
    "appointment_reschedule",
    "appointments_send_reminders",
    "requester_options",
]
