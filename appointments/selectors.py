"""Reads shared by the requester pages, the admin, the services and the tasks.

Each read touches only the window asked for: the slot picker costs the same
handful of queries with ten appointments or a million (see the query-count
tests).
"""

from datetime import date, datetime, timedelta

from django.db.models import Q, QuerySet

from accounts.models import User
from core import clock
from core.business_hours import DESK_ZONE, BusinessCalendar, calendar_from_rows
from tickets.models import Desk, Holiday, Ticket

from .models import ACTIVE_STATUSES, Appointment, AppointmentSchedule, AppointmentStatus, Closure
from .slots import Slot, free_slots, local_dates

# No appointment is longer than the longest slot (a check constraint on the
# schedule), so "overlaps the window" can also bound the start from below and
# the (desk|agent, starts_at) indexes scan only the window, not all history.
LONGEST = timedelta(minutes=240)


def schedule_for_desk(desk_id: int) -> AppointmentSchedule | None:
    """The desk's active schedule, or None when it takes no appointments."""
    return (
        AppointmentSchedule.objects.filter(desk_id=desk_id, is_active=True)
        .select_related("desk")
        .first()
    )


def schedule_calendar(schedule: AppointmentSchedule, first: date, last: date) -> BusinessCalendar:
    """The schedule's weekly hours plus the holidays between two local dates."""
    hours = schedule.hours.values_list("weekday", "opens", "closes")
    holidays = Holiday.objects.filter(date__gte=first, date__lte=last).values_list(
        "date", flat=True
    )
    return calendar_from_rows(hours, holidays)


def busy_spans(
    *, desk_id: int, begin: datetime, end: datetime, exclude_appointment: int | None = None
) -> list[tuple[int | None, datetime, datetime]]:
    """Closures, absences and booked appointments of one desk's window, as spans."""
    closures = Closure.objects.filter(desk_id=desk_id, starts_at__lt=end, ends_at__gt=begin)
    spans: list[tuple[int | None, datetime, datetime]] = list(
        closures.values_list("agent_id", "starts_at", "ends_at")
    )
    # Agents are busy with any desk's booked appointments, not only this desk's.
    booked = Appointment.objects.filter(
        status=AppointmentStatus.BOOKED,
        starts_at__gt=begin - LONGEST,
        starts_at__lt=end,
        ends_at__gt=begin,
    )
    if exclude_appointment is not None:
        booked = booked.exclude(pk=exclude_appointment)
    spans += booked.values_list("agent_id", "starts_at", "ends_at")
    return spans


def agent_ids(schedule: AppointmentSchedule) -> list[int]:
    return list(
        schedule.agents.filter(is_active=True, is_staff=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def window_slots(
    *,
    schedule: AppointmentSchedule,
    first: date,
    days: int,
    not_before: datetime,
    exclude_appointment: int | None = None,
) -> list[Slot]:
    """Free slots of ``days`` local dates from ``first``; five queries whatever the data."""
    last = first + timedelta(days=days - 1)
    calendar = schedule_calendar(schedule, first, last)
    begin = datetime.combine(first, datetime.min.time(), tzinfo=DESK_ZONE)
    end = datetime.combine(last + timedelta(days=1), datetime.min.time(), tzinfo=DESK_ZONE)
    return free_slots(
        calendar=calendar,
        dates=local_dates(first, days),
        length=timedelta(minutes=schedule.slot_minutes),
        agent_ids=agent_ids(schedule),
        busy=busy_spans(
            desk_id=schedule.desk_id,
            begin=begin,
            end=end,
            exclude_appointment=exclude_appointment,
        ),
        not_before=not_before,
    )


def bookable_slots(
    *, schedule: AppointmentSchedule, exclude_appointment: int | None = None
) -> list[Slot]:
    """What a requester may pick: from the minimum notice up to the horizon."""
    now = clock.now()
    return window_slots(
        schedule=schedule,
        first=now.astimezone(DESK_ZONE).date(),
        days=schedule.horizon_days,
        not_before=now + timedelta(minutes=schedule.min_notice_minutes),
        exclude_appointment=exclude_appointment,
    )


def offered_slots(
    *, appointment: Appointment | None, schedule: AppointmentSchedule | None
) -> list[Slot]:
    """The times the requester's page (and the app) offers for the active appointment.

    Empty without an appointment or a schedule. A booked appointment's own
    time is not busy for itself, so moving it a slot later stays possible.
    """
    if appointment is None or schedule is None:
        return []
    exclude = appointment.pk if appointment.status == AppointmentStatus.BOOKED else None
    return bookable_slots(schedule=schedule, exclude_appointment=exclude)


def slot_at(
    *, schedule: AppointmentSchedule, starts_at: datetime, exclude_appointment: int | None = None
) -> Slot | None:
    """The grid slot starting exactly at ``starts_at`` (with its free agents), or None.

    None means the time is not on the grid: outside the hours, on a holiday
    or a closure. A slot whose agents are all taken comes back with no ids.
    """
    day = starts_at.astimezone(DESK_ZONE).date()
    calendar = schedule_calendar(schedule, day, day)
    length = timedelta(minutes=schedule.slot_minutes)
    from .slots import grid

    if (starts_at, starts_at + length) not in set(grid(calendar, [day], length)):
        return None
    spans = busy_spans(
        desk_id=schedule.desk_id,
        begin=starts_at,
        end=starts_at + length,
        exclude_appointment=exclude_appointment,
    )
    if any(agent is None for agent, _b, _e in spans):
        return None
    busy_agents = {agent for agent, _b, _e in spans}
    free = tuple(a for a in agent_ids(schedule) if a not in busy_agents)
    return Slot(starts_at, starts_at + length, free)


def group_by_day(slots: list[Slot]) -> list[tuple[date, list[Slot]]]:
    days: dict[date, list[Slot]] = {}
    for slot in slots:
        days.setdefault(slot.local_start.date(), []).append(slot)
    return list(days.items())


def active_appointment(ticket: Ticket) -> Appointment | None:
    return (
        Appointment.objects.filter(ticket=ticket, status__in=ACTIVE_STATUSES)
        .select_related("agent", "location")
        .first()
    )


def latest_appointment(ticket: Ticket) -> Appointment | None:
    """The request's newest appointment in any status (to say one was cancelled)."""
    return Appointment.objects.filter(ticket=ticket).order_by("-created_at", "-id").first()


def appointments_of_ticket(ticket: Ticket) -> list[Appointment]:
    """The request's appointments, newest first (a request has a handful)."""
    return list(
        Appointment.objects.filter(ticket=ticket)
        .select_related("agent", "location")
        .order_by("-created_at", "-id")[:20]
    )


def calendar_appointments(
    *, begin: datetime, end: datetime, desk: Desk | None = None, agent: User | None = None
) -> QuerySet[Appointment]:
    """Booked and finished appointments in a window, for the staff calendar."""
    qs = Appointment.objects.filter(
        starts_at__gt=begin - LONGEST, starts_at__lt=end, ends_at__gt=begin
    ).exclude(status=AppointmentStatus.CANCELLED)
    if desk is not None:
        qs = qs.filter(desk=desk)
    if agent is not None:
        qs = qs.filter(agent=agent)
    return qs.select_related("ticket", "agent", "desk", "location").order_by("starts_at", "id")


def reminders_due(*, now: datetime, lead: timedelta) -> QuerySet[Appointment]:
    """Booked appointments starting within ``lead`` whose reminder has not gone out."""
    return Appointment.objects.filter(
        Q(status=AppointmentStatus.BOOKED, reminder_sent_at__isnull=True),
        starts_at__gt=now,
        starts_at__lte=now + lead,
    ).order_by("starts_at")
