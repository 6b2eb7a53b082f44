"""Appointment changes announced for features that must not be named here (the dashboard).

Sent inside the service's transaction, after the audit row; ``appointment``
and ``acting_user``.
"""

from django.dispatch import Signal

appointment_booked = Signal()
appointment_cancelled = Signal()
