"""Availability per desk and the appointments booked from requests.

A desk's ``AppointmentSchedule`` says who takes appointments, how long a
slot is, which channels are offered and when (weekly hours in the desk's
local time). ``Closure`` rows take time away: the whole desk (a closure) or
one agent (an absence). Holidays are the desk calendar's
(``tickets.Holiday``), shared with the SLA clock.

An ``Appointment`` always belongs to a request. It starts as an invitation
(the requester picks a slot) or is booked directly; rescheduling moves the
same row, so the calendar invitation keeps one UID and counts SEQUENCE up.
"""

import uuid

from django.conf import settings
from django.contrib.postgres.fields import RangeBoundary, RangeOperators
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.models import BilingualName, WeeklyWindow, weekly_window_constraints
from tickets.models import Desk, Ticket

from .constraints import PostgresExclusionConstraint, TsTzRange


class Channel(models.TextChoices):
    DESK = "desk", _("at the desk")
    PHONE = "phone", _("by phone")
    REMOTE = "remote", _("remote session")


class AppointmentStatus(models.TextChoices):
    INVITED = "invited", _("invited to choose a time")
    BOOKED = "booked", _("booked")
    CANCELLED = "cancelled", _("cancelled")
    DONE = "done", _("done")
    NO_SHOW = "no_show", _("did not show up")


ACTIVE_STATUSES = (AppointmentStatus.INVITED, AppointmentStatus.BOOKED)


class AppointmentSchedule(models.Model):
    """How one desk takes appointments."""

    desk = models.OneToOneField(
        Desk,
        verbose_name=_("desk"),
        on_delete=models.CASCADE,
        related_name="appointment_schedule",
    )
    agents = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("agents"),
        blank=True,
        related_name="appointment_schedules",
        help_text=_("Staff who take appointments for this desk."),
    )
    slot_minutes = models.PositiveSmallIntegerField(
        _("slot length (minutes)"),
        default=30,
        validators=[MinValueValidator(5), MaxValueValidator(240)],
    )
    offers_desk = models.BooleanField(_("offers appointments at the desk"), default=True)
    offers_phone = models.BooleanField(_("offers appointments by phone"), default=True)
    offers_remote = models.BooleanField(_("offers remote sessions"), default=True)
    horizon_days = models.PositiveSmallIntegerField(
        _("bookable days ahead"),
        default=14,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    min_notice_minutes = models.PositiveIntegerField(
        _("minimum notice (minutes)"),
        default=60,
        help_text=_("A slot starting sooner than this is not offered."),
    )
    change_cutoff_hours = models.PositiveIntegerField(
        _("requester may change until (hours before)"),
        default=24,
        help_text=_("After this the requester can no longer reschedule or cancel online."),
    )
    is_active = models.BooleanField(_("takes appointments"), default=True)

    class Meta:
        verbose_name = _("appointment schedule")
        verbose_name_plural = _("appointment schedules")
        constraints = [
            models.CheckConstraint(
                condition=Q(slot_minutes__gte=5, slot_minutes__lte=240),
                name="appointments_schedule_slot_length",
            ),
            models.CheckConstraint(
                condition=Q(offers_desk=True) | Q(offers_phone=True) | Q(offers_remote=True),
                name="appointments_schedule_some_channel",
                violation_error_message=_("Offer at least one channel."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.desk)

    def channels(self) -> list[str]:
        offered = (
            (Channel.DESK, self.offers_desk),
            (Channel.PHONE, self.offers_phone),
            (Channel.REMOTE, self.offers_remote),
        )
        return [channel for channel, on in offered if on]


class AppointmentHours(WeeklyWindow):
    """A weekly window in which a desk takes appointments."""

    schedule = models.ForeignKey(
        AppointmentSchedule,
        verbose_name=_("schedule"),
        on_delete=models.CASCADE,
        related_name="hours",
    )

    class Meta(WeeklyWindow.Meta):
        verbose_name = _("appointment hours")
        verbose_name_plural = _("appointment hours")
        constraints = weekly_window_constraints("appointments_hours")


class Location(BilingualName):
    """Where an appointment at the desk happens, e.g. the desk's room."""

    desk = models.ForeignKey(
        Desk, verbose_name=_("desk"), on_delete=models.CASCADE, related_name="locations"
    )
    address = models.CharField(_("address or room"), max_length=200)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("location")
        verbose_name_plural = _("locations")
        ordering = ["name_nl"]


class Closure(models.Model):
    """Time taken away: the desk is closed, or (with an agent) one agent is absent."""

    desk = models.ForeignKey(
        Desk, verbose_name=_("desk"), on_delete=models.CASCADE, related_name="closures"
    )
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("agent"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Leave empty when the whole desk is closed."),
    )
    starts_at = models.DateTimeField(_("from"))
    ends_at = models.DateTimeField(_("until"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("closure or absence")
        verbose_name_plural = _("closures and absences")
        ordering = ["-starts_at"]
        indexes = [models.Index(fields=["desk", "ends_at"], name="appointments_closure_desk")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="appointments_closure_ends_after_start",
                violation_error_message=_("The end must be after the start."),
            ),
        ]

    def __str__(self) -> str:
        who = str(self.agent) if self.agent_id else str(self.desk)
        return f"{who}: {self.starts_at:%Y-%m-%d %H:%M} - {self.ends_at:%Y-%m-%d %H:%M}"


def new_uid() -> str:
    return f"{uuid.uuid4()}@servicedesk"


class Appointment(models.Model):
    """One appointment (or the invitation to book one) for a request."""

    ticket = models.ForeignKey(
        Ticket, verbose_name=_("request"), on_delete=models.CASCADE, related_name="appointments"
    )
    desk = models.ForeignKey(
        Desk, verbose_name=_("desk"), on_delete=models.PROTECT, related_name="appointments"
    )
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=AppointmentStatus.choices,
        default=AppointmentStatus.INVITED,
    )
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("agent"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="appointments",
    )
    location = models.ForeignKey(
        Location,
        verbose_name=_("location"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="appointments",
    )
    starts_at = models.DateTimeField(_("starts"), null=True, blank=True)
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    uid = models.CharField(_("calendar UID"), max_length=80, unique=True, default=new_uid)
    sequence = models.PositiveIntegerField(_("calendar sequence"), default=0)
    reminder_sent_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"))
    updated_at = models.DateTimeField(_("updated"))

    class Meta:
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        ordering = ["-starts_at", "-id"]
        indexes = [
            models.Index(fields=["desk", "starts_at"], name="appointments_desk_start"),
            models.Index(fields=["agent", "starts_at"], name="appointments_agent_start"),
            models.Index(fields=["ticket", "-created_at"], name="appointments_ticket"),
            models.Index(
                fields=["starts_at"],
                condition=Q(status="booked", reminder_sent_at__isnull=True),
                name="appointments_reminder_due",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in AppointmentStatus]),
                name="appointments_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(channel__in=[c.value for c in Channel]),
                name="appointments_channel_valid",
            ),
            # An invitation has no time yet; declining it leaves a cancelled
            # row without one. Everything else has an agent and a time.
            models.CheckConstraint(
                condition=Q(status="invited")
                | Q(status="cancelled", starts_at__isnull=True)
                | Q(agent__isnull=False, starts_at__isnull=False, ends_at__gt=F("starts_at")),
                name="appointments_booked_has_agent_and_time",
            ),
            models.UniqueConstraint(
                fields=["ticket"],
                condition=Q(status__in=["invited", "booked"]),
                name="appointments_one_active_per_ticket",
                violation_error_message=_("This request already has an appointment."),
            ),
            # The SQLite guard (and a cheap first line on PostgreSQL): one
            # booked appointment per agent and start on the slot grid.
            models.UniqueConstraint(
                fields=["agent", "starts_at"],
                condition=Q(status="booked"),
                name="appointments_agent_slot_unique",
            ),
            # The real guard on PostgreSQL: no two booked appointments of one
            # agent overlap in time, whatever their lengths.
            PostgresExclusionConstraint(
                name="appointments_agent_no_overlap",
                expressions=[
                    (TsTzRange("starts_at", "ends_at", RangeBoundary()), RangeOperators.OVERLAPS),
                    ("agent", RangeOperators.EQUAL),
                ],
                condition=Q(status="booked"),
            ),
        ]

    def __str__(self) -> str:
        if self.starts_at is None:
            return f"{self.ticket.reference}: {self.get_status_display()}"
        return f"{self.ticket.reference}: {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES
