"""Shared moments and shortcuts for the appointment tests."""

from datetime import UTC, date, datetime, time

from icalendar import Calendar

from core.business_hours import DESK_ZONE
from notifications.models import OutboxMail

# Monday 22 March 2027, 09:00 in Brussels.
NOW = datetime(2027, 3, 22, 8, 0, tzinfo=UTC)
TUESDAY = date(2027, 3, 23)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=DESK_ZONE)


def last_mail(event: str) -> OutboxMail:
    return OutboxMail.objects.filter(event=event).order_by("-id").first()


def ics_event(mail: OutboxMail):
    """The VEVENT of the mail's .ics attachment, parsed by icalendar."""
    attachment = mail.attachments.get()
    calendar = Calendar.from_ical(bytes(attachment.content))
    return calendar, calendar.walk("VEVENT")[0]


def key(moment: datetime) -> str:
    """The value the slot picker posts for ``moment`` (its UTC start)."""
    return moment.astimezone(UTC).isoformat()
